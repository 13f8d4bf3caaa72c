import type { Vertical } from "../../core/documents/vertical";

/** A store chain: name, verticals it sells and its price level (1 = list price). */
export interface ChainBlueprint {
  name: string;
  verticals: Vertical[];
  priceLevel: number;
}

/** Store chains; stores are `<chain> <neighborhood>`. The first seven cover every store vertical in `tiny`. */
export const CHAINS: ChainBlueprint[] = [
  { name: "FreshCo Market", verticals: ["GROCERY", "FLOWERS"], priceLevel: 1.0 },
  { name: "Corner Stop", verticals: ["CONVENIENCE"], priceLevel: 1.15 },
  { name: "Bottle & Barrel", verticals: ["ALCOHOL"], priceLevel: 1.0 },
  { name: "HomeGoods Plus", verticals: ["RETAIL"], priceLevel: 1.0 },
  { name: "Petal & Stem", verticals: ["FLOWERS", "GIFTING"], priceLevel: 1.05 },
  { name: "ValueMart", verticals: ["GROCERY", "RETAIL", "ALCOHOL"], priceLevel: 0.92 },
  { name: "Gift Box Co.", verticals: ["GIFTING"], priceLevel: 1.0 },
  { name: "Green Basket Organics", verticals: ["GROCERY"], priceLevel: 1.12 },
  { name: "QuickMart", verticals: ["CONVENIENCE", "ALCOHOL"], priceLevel: 1.1 },
  { name: "Daily Pharmacy", verticals: ["RETAIL", "CONVENIENCE"], priceLevel: 1.05 },
  { name: "Warehouse Club", verticals: ["GROCERY", "RETAIL"], priceLevel: 0.88 },
  { name: "Vine & Spirits", verticals: ["ALCOHOL"], priceLevel: 1.04 },
  { name: "Bloom Room", verticals: ["FLOWERS"], priceLevel: 1.1 },
  { name: "Neighborhood Grocer", verticals: ["GROCERY", "CONVENIENCE"], priceLevel: 1.03 },
];

/** Neighborhoods used to name stores and restaurants. */
export const NEIGHBORHOODS = [
  "Downtown",
  "Midtown",
  "Uptown",
  "Riverside",
  "Northgate",
  "Westside",
  "Eastview",
  "Harbor",
  "Old Town",
  "Hillcrest",
  "Lakeside",
  "Parkside",
  "University",
  "Market Square",
  "Southpoint",
  "Greenwood",
  "Oak Park",
  "Maple Heights",
  "Bayview",
  "Cedar Grove",
];

/** Cities for merchants. */
export const CITIES = [
  "San Francisco",
  "Oakland",
  "Seattle",
  "Portland",
  "Chicago",
  "Austin",
  "Denver",
  "Boston",
  "New York",
  "Atlanta",
  "Miami",
  "Los Angeles",
];

/** First and last names for simulated shoppers. */
export const FIRST_NAMES = [
  "Ava",
  "Liam",
  "Maya",
  "Noah",
  "Zoe",
  "Ethan",
  "Priya",
  "Lucas",
  "Sofia",
  "Mateo",
  "Chloe",
  "Omar",
  "Hana",
  "Diego",
  "Aisha",
  "Leo",
  "Mei",
  "Samuel",
  "Nora",
  "Arjun",
  "Grace",
  "Kai",
  "Elena",
  "Jonah",
  "Fatima",
  "Owen",
  "Yuki",
  "Isabel",
  "Tariq",
  "Ruby",
];
export const LAST_NAMES = [
  "Johnson",
  "Nguyen",
  "Garcia",
  "Smith",
  "Patel",
  "Kim",
  "Martinez",
  "Brown",
  "Chen",
  "Okafor",
  "Rossi",
  "Cohen",
  "Silva",
  "Müller",
  "Khan",
  "Lopez",
  "Tanaka",
  "Wilson",
  "Haddad",
  "Ivanova",
];
