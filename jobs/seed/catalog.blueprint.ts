import type { Vertical } from "../../core/documents/vertical";

/**
 * The catalog blueprint: for each vertical its departments and aisles, and for each aisle real-world
 * brands, variants and item templates. Item template syntax: `Base name;size|size;min-max;tag,tag;brand,brand` (brands optional: they override the aisle's)
 * (price in USD for the first size; larger sizes cost more). Names are composed as
 * `<brand> <variant> <base>`.
 */
export interface AisleBlueprint {
  name: string;
  brands: string[];
  variants: string[];
  items: string[];
  /** Relative share of the vertical's products. */
  weight?: number;
  /**
   * Core lines: item templates (same syntax, brands required) that every scale carries once per brand,
   * in every store of the vertical — the national-brand shelf a real store always has, so small seeds
   * still hold the brands a query can mean (e.g. the Ragu sauce beside other pasta sauces and a ragù dish).
   */
  core?: string[];
}

/** A department: a named group of aisles. */
export interface DepartmentBlueprint {
  name: string;
  aisles: AisleBlueprint[];
}

/** A vertical's slice of the blueprint. */
export interface VerticalBlueprint {
  vertical: Vertical;
  name: string;
  /** Share of all products. */
  share: number;
  departments: DepartmentBlueprint[];
}

const a = (
  name: string,
  brands: string,
  variants: string,
  items: string[],
  weight = 1,
  core?: string[],
): AisleBlueprint => ({
  name,
  brands: brands.split(",").map((s) => s.trim()),
  variants: variants ? variants.split(",").map((s) => s.trim()) : [""],
  items,
  weight,
  ...(core ? { core } : {}),
});

/** Store verticals (restaurants come from {@link CUISINES}). */
export const STORE_BLUEPRINT: VerticalBlueprint[] = [
  {
    vertical: "GROCERY",
    name: "Grocery",
    share: 0.4,
    departments: [
      {
        name: "Produce",
        aisles: [
          a(
            "Fresh Fruits",
            "Dole,Chiquita,Driscoll's,Sunkist,Zespri,Cuties,Del Monte,Organic Girl",
            ",Organic,Fresh",
            [
              "Bananas;1 lb|2 lb|3 lb;0.6-1.2;vegan,gluten-free",
              "Gala Apples;3 lb|5 lb;3.5-5;vegan,gluten-free",
              "Strawberries;16 oz|32 oz;3-5;vegan,gluten-free",
              "Blueberries;6 oz|18 oz;3-6;vegan,gluten-free",
              "Navel Oranges;4 lb;4-6;vegan,gluten-free",
              "Seedless Red Grapes;2 lb;3-5;vegan,gluten-free",
              "Hass Avocados;4 ct|6 ct;4-6;vegan,gluten-free",
              "Lemons;2 lb;3-4;vegan,gluten-free",
              "Kiwifruit;1 lb;2.5-4;vegan,gluten-free",
              "Mandarins;3 lb;4-6;vegan,gluten-free",
            ],
            2,
          ),
          a(
            "Fresh Vegetables",
            "Green Giant,Earthbound Farm,Taylor Farms,Mann's,Bolthouse Farms,Little Leaf Farms",
            ",Organic,Baby",
            [
              "Spinach;5 oz|10 oz;2.5-4.5;vegan,gluten-free",
              "Carrots;1 lb|2 lb;1-2;vegan,gluten-free",
              "Broccoli Florets;12 oz;2.5-4;vegan,gluten-free",
              "Romaine Hearts;3 ct;3-4;vegan,gluten-free",
              "Yellow Onions;3 lb;2.5-4;vegan,gluten-free",
              "Russet Potatoes;5 lb;3-5;vegan,gluten-free",
              "Cherry Tomatoes;10 oz|1 pt;2.5-4;vegan,gluten-free",
              "Cucumbers;2 ct;1.5-2.5;vegan,gluten-free",
              "Sweet Potatoes;3 lb;3-5;vegan,gluten-free",
              "Mixed Salad Greens;5 oz;3-4.5;vegan,gluten-free",
            ],
            2,
          ),
          a("Fresh Herbs", "Shenandoah Growers,Gourmet Garden,Infinite Herbs", ",Organic", [
            "Basil;0.75 oz;2-3;vegan,gluten-free",
            "Cilantro;1 bunch;1-2;vegan,gluten-free",
            "Mint;0.5 oz;2-3;vegan,gluten-free",
            "Garlic;3 ct|8 oz;1-3;vegan,gluten-free",
            "Ginger Root;8 oz;2-3;vegan,gluten-free",
          ]),
        ],
      },
      {
        name: "Dairy & Eggs",
        aisles: [
          a(
            "Milk",
            "Horizon Organic,Organic Valley,Fairlife,Lactaid,Silk,Oatly,Califia Farms,Great Value",
            ",Organic,Ultra-Filtered",
            [
              "Whole Milk;1 gal|0.5 gal;3-6;vegetarian,gluten-free,kosher",
              "2% Reduced Fat Milk;1 gal|0.5 gal;3-6;vegetarian,gluten-free,kosher",
              "Oat Milk;64 fl oz;4-6;vegan,dairy-free",
              "Unsweetened Almond Milk;64 fl oz;3-4.5;vegan,dairy-free,gluten-free",
              "Lactose Free Milk;52 fl oz;4-5.5;vegetarian,gluten-free",
              "Chocolate Milk;1 qt;2.5-4;vegetarian",
            ],
            2,
          ),
          a(
            "Cheese",
            "Tillamook,Kraft,Sargento,Cabot,Boar's Head,Président,BelGioioso,Violife",
            ",Sharp,Mild,Aged",
            [
              "Cheddar Cheese;8 oz|2 lb;3-5;vegetarian,gluten-free",
              "Shredded Mozzarella;8 oz|16 oz;3-6;vegetarian,gluten-free",
              "Sliced Provolone;8 oz;3.5-5;vegetarian,gluten-free",
              "Brie;7 oz;5-8;vegetarian,gluten-free",
              "Grated Parmesan;8 oz;4-7;gluten-free",
              "Plant-Based Cheddar Shreds;7 oz;4.5-6;vegan,dairy-free",
            ],
            2,
          ),
          a(
            "Yogurt",
            "Chobani,Fage,Siggi's,Oikos,Yoplait,Stonyfield,Kite Hill",
            ",Vanilla,Strawberry,Plain,Blueberry,Honey",
            [
              "Greek Yogurt;5.3 oz|32 oz;1.2-2;vegetarian,gluten-free",
              "Whole Milk Yogurt;32 oz;4-6;vegetarian,gluten-free",
              "Almond Milk Yogurt;5.3 oz;1.5-2.2;vegan,dairy-free",
              "Yogurt Drink;7 fl oz;1.5-2.5;vegetarian",
            ],
          ),
          a(
            "Eggs & Butter",
            "Vital Farms,Eggland's Best,Pete and Gerry's,Kerrygold,Land O Lakes,Challenge,Earth Balance",
            ",Organic,Pasture-Raised,Free-Range",
            [
              "Large Brown Eggs;12 ct|18 ct;4-6;vegetarian,gluten-free",
              "Grade A Large Eggs;12 ct;3-5;vegetarian,gluten-free",
              "Salted Butter;16 oz|8 oz;4-7;vegetarian,gluten-free",
              "Unsalted Butter;16 oz;4-7;vegetarian,gluten-free",
              "Vegan Buttery Sticks;16 oz;4-5.5;vegan,dairy-free",
            ],
          ),
        ],
      },
      {
        name: "Bakery",
        aisles: [
          a(
            "Bread",
            "Dave's Killer Bread,Nature's Own,Pepperidge Farm,Sara Lee,Arnold,Canyon Bakehouse,Schär",
            ",Whole Wheat,Multigrain,Sourdough",
            [
              "Sandwich Bread;20 oz|24 oz;3-5;vegan",
              "Gluten Free Bread;18 oz;5.5-7;gluten-free,dairy-free",
              "Hamburger Buns;8 ct;2.5-4;vegetarian",
              "Baguette;12 oz;2.5-4;vegan",
              "English Muffins;6 ct;3-4.5;vegetarian",
            ],
            2,
          ),
          a(
            "Breakfast Bakery",
            "Thomas',Entenmann's,Little Bites,Otis Spunkmeyer,Einstein Bros",
            ",Blueberry,Cinnamon Raisin,Everything,Plain",
            [
              "Bagels;6 ct;3.5-5;vegetarian",
              "Muffins;4 ct;4-6;vegetarian",
              "Croissants;4 ct;4.5-6.5;vegetarian",
              "Donuts;8 ct;4-6;vegetarian",
            ],
          ),
        ],
      },
      {
        name: "Meat & Seafood",
        aisles: [
          a(
            "Poultry",
            "Perdue,Tyson,Bell & Evans,Foster Farms,Applegate,Mary's",
            ",Organic,Boneless Skinless,Free-Range",
            [
              "Chicken Breasts;1.5 lb|3 lb;6-9;gluten-free",
              "Chicken Thighs;2 lb;5-9;gluten-free",
              "Ground Turkey;1 lb;5-7;gluten-free",
              "Whole Chicken;4.5 lb;8-14;gluten-free",
              "Chicken Wings;2 lb;7-11;gluten-free",
            ],
            1.5,
          ),
          a(
            "Beef & Pork",
            "Certified Angus Beef,Laura's Lean,Hormel,Smithfield,Oscar Mayer,Niman Ranch,Hebrew National",
            ",Grass-Fed,Premium,Thick Cut",
            [
              "Ground Beef 85/15;1 lb|2 lb;5-7;gluten-free",
              "Ribeye Steak;12 oz;12-20;gluten-free",
              "Pork Chops;1.5 lb;6-10;gluten-free",
              "Bacon;12 oz|16 oz;5-9;gluten-free",
              "Beef Hot Dogs;12 oz;4-7;gluten-free,kosher",
              "Italian Sausage;19 oz;5-7",
            ],
          ),
          a(
            "Seafood",
            "Wild Planet,Blue Circle,Gorton's,SeaPak,Chicken of the Sea,Kvarøy Arctic",
            ",Wild Caught,Atlantic,Smoked",
            [
              "Salmon Fillets;12 oz|1 lb;9-12;gluten-free",
              "Shrimp;1 lb|2 lb;9-12;gluten-free",
              "Cod Fillets;1 lb;8-13;gluten-free",
              "Tuna Steaks;8 oz;8-12;gluten-free",
            ],
          ),
        ],
      },
      {
        name: "Pantry",
        aisles: [
          a(
            "Pasta & Rice",
            "Barilla,De Cecco,Rao's,Banza,Uncle Ben's,Lundberg,Mahatma,Jovial",
            ",Whole Grain,Organic,Protein+,Gluten Free",
            [
              "Spaghetti;16 oz;1.5-4;vegan",
              "Penne Rigate;16 oz;1.5-4;vegan",
              "Chickpea Rotini;8 oz;3-4;vegan,gluten-free",
              "Jasmine Rice;2 lb|5 lb;3-5;vegan,gluten-free",
              "Basmati Rice;2 lb;4-7;vegan,gluten-free",
              "Brown Rice;2 lb;3-5;vegan,gluten-free",
              "Arborio Rice;1 lb;4-6;vegan,gluten-free",
            ],
            2,
          ),
          a(
            "Sauces & Condiments",
            "Rao's Homemade,Prego,Heinz,Hellmann's,French's,Frank's RedHot,Kikkoman,Sir Kensington's,Primal Kitchen",
            ",Classic,Spicy,Organic,Reduced Sodium",
            [
              "Marinara Sauce;24 oz;3-9;vegan,gluten-free",
              "Tomato Ketchup;20 oz|32 oz;2.5-4;vegan,gluten-free",
              "Real Mayonnaise;30 fl oz;4-7;gluten-free",
              "Yellow Mustard;14 oz;1.5-3;vegan,gluten-free",
              "Soy Sauce;10 fl oz;2.5-4.5;vegan",
              "Hot Sauce;12 fl oz;3-5;vegan,gluten-free",
              "Extra Virgin Olive Oil;500 ml|1 l;7-11;vegan,gluten-free",
            ],
            2,
            [
              "Traditional Pasta Sauce;24 oz;2-4.5;vegan,gluten-free;Ragu,Prego,Classico,Bertolli",
              "Old World Style Meat Sauce;24 oz;2.5-4.5;gluten-free;Ragu",
              "Tomato Basil Pasta Sauce;24 oz;5-9;vegan,gluten-free;Rao's Homemade",
            ],
          ),
          a(
            "Canned Goods",
            "Bush's,Goya,Del Monte,Campbell's,Progresso,Amy's,Muir Glen,StarKist",
            ",Organic,Low Sodium",
            [
              "Black Beans;15.5 oz;1-2;vegan,gluten-free",
              "Chickpeas;15.5 oz;1-2;vegan,gluten-free",
              "Diced Tomatoes;14.5 oz;1.2-2.5;vegan,gluten-free",
              "Chicken Noodle Soup;10.75 oz;1.3-3",
              "Lentil Soup;14.5 oz;2.5-4;vegan",
              "Chunk Light Tuna;5 oz;1.2-2;gluten-free",
              "Sweet Corn;15.25 oz;1-2;vegan,gluten-free",
            ],
          ),
          a(
            "Breakfast & Cereal",
            "Kellogg's,General Mills,Post,Quaker,Kashi,Nature's Path,Bob's Red Mill,Cheerios",
            ",Honey,Original,Cinnamon,Chocolate",
            [
              "Toasted Oat Cereal;12 oz|18 oz;3.5-5;vegetarian",
              "Granola;11.5 oz;4-6;vegetarian",
              "Old Fashioned Oats;42 oz;4-6.5;vegan",
              "Instant Oatmeal;10 ct;3.5-5;vegetarian",
              "Pancake Mix;32 oz;3-5;vegetarian",
              "Pure Maple Syrup;12.5 fl oz;7-11;vegan,gluten-free",
            ],
            1.5,
          ),
          a(
            "Baking",
            "King Arthur,Gold Medal,Domino,C&H,Ghirardelli,Nestlé Toll House,McCormick,Bob's Red Mill",
            ",Organic,Unbleached",
            [
              "All-Purpose Flour;5 lb;3.5-6;vegan",
              "Granulated Sugar;4 lb;3-4.5;vegan,gluten-free",
              "Semi-Sweet Chocolate Chips;12 oz;3.5-5;vegetarian",
              "Pure Vanilla Extract;2 fl oz;5-9;vegan,gluten-free",
              "Baking Soda;16 oz;1-2;vegan,gluten-free",
              "Almond Flour;16 oz;8-12;vegan,gluten-free",
            ],
          ),
        ],
      },
      {
        name: "Snacks",
        aisles: [
          a(
            "Chips & Pretzels",
            "Lay's,Kettle Brand,Cape Cod,Tostitos,Utz,Siete,Snyder's of Hanover,Late July,Pringles",
            ",Sea Salt,Salt & Vinegar,BBQ,Sour Cream & Onion,Jalapeño",
            [
              "Potato Chips;8 oz|2.5 oz;3.5-5;gluten-free",
              "Tortilla Chips;11 oz;3.5-5.5;vegan,gluten-free",
              "Pretzel Twists;16 oz;3-4.5;vegan",
              "Veggie Straws;7 oz;3.5-4.5;vegetarian,gluten-free",
            ],
            2,
          ),
          a(
            "Cookies & Crackers",
            "Oreo,Chips Ahoy!,Pepperidge Farm,Ritz,Triscuit,Goldfish,Simple Mills,Tate's Bake Shop,Annie's",
            ",Original,Double Stuf,Whole Grain,Chocolate Chip",
            [
              "Sandwich Cookies;14.3 oz;3.5-5;vegan",
              "Chocolate Chip Cookies;13 oz;4-6;vegetarian",
              "Butter Crackers;13.7 oz;3.5-5;vegetarian",
              "Cheddar Crackers;6.6 oz;2.5-3.5;vegetarian",
              "Almond Flour Crackers;4.25 oz;4.5-6;vegan,gluten-free",
            ],
            2,
          ),
          a(
            "Nuts & Bars",
            "Blue Diamond,Wonderful Pistachios,Planters,KIND,RXBAR,Clif Bar,Larabar,Nature Valley",
            ",Roasted,Lightly Salted,Dark Chocolate,Peanut Butter",
            [
              "Almonds;16 oz;6-10;vegan,gluten-free;Blue Diamond,Planters",
              "Pistachios;16 oz;8-12;vegan,gluten-free;Wonderful Pistachios",
              "Mixed Nuts;15 oz;7-11;vegan,gluten-free;Planters",
              "Protein Bars;12 ct;15-22;gluten-free;RXBAR,KIND,Clif Bar",
              "Granola Bars;6 ct;3.5-5;vegetarian;Nature Valley,KIND,Clif Bar",
            ],
          ),
        ],
      },
      {
        name: "Beverages",
        aisles: [
          a(
            "Coffee & Tea",
            "Starbucks,Peet's,Lavazza,Folgers,Dunkin',Death Wish,Twinings,Bigelow,Celestial Seasonings,Stash",
            ",Dark Roast,Medium Roast,Decaf,Organic",
            [
              "Ground Coffee;12 oz|28 oz;7-10;vegan,gluten-free;Starbucks,Peet's,Lavazza,Folgers,Dunkin',Death Wish",
              "Whole Bean Coffee;12 oz|2 lb;8-12;vegan,gluten-free;Starbucks,Peet's,Lavazza,Death Wish",
              "Coffee K-Cup Pods;24 ct;14-20;vegan,gluten-free;Starbucks,Peet's,Dunkin',Folgers",
              "Green Tea;20 ct;3-5;vegan,gluten-free;Twinings,Bigelow,Stash",
              "Chamomile Herbal Tea;20 ct;3-5;vegan,gluten-free;Twinings,Celestial Seasonings,Bigelow",
              "Cold Brew Coffee;32 fl oz;5-7;vegan,gluten-free;Starbucks,Death Wish",
            ],
            2,
          ),
          a(
            "Juice",
            "Tropicana,Simply,Minute Maid,Naked,Suja,Ocean Spray,Martinelli's",
            ",Pulp Free,Organic,No Sugar Added",
            [
              "Orange Juice;52 fl oz|89 fl oz;3.5-5;vegan,gluten-free",
              "Apple Juice;64 fl oz;3-5;vegan,gluten-free",
              "Cranberry Juice Cocktail;64 fl oz;3-5;vegan,gluten-free",
              "Green Juice Smoothie;15.2 fl oz;4-5;vegan,gluten-free",
            ],
          ),
          a(
            "Soda & Water",
            "Coca-Cola,Pepsi,LaCroix,Spindrift,Poland Spring,Fiji,Topo Chico,San Pellegrino,Olipop",
            ",Original,Zero Sugar,Lime,Grapefruit,Cherry",
            [
              "Cola;12 x 12 fl oz|2 l;6-8;vegan,gluten-free",
              "Sparkling Water;8 x 12 fl oz;4.5-6.5;vegan,gluten-free",
              "Spring Water;24 x 16.9 fl oz;4-7;vegan,gluten-free",
              "Lemon-Lime Soda;12 x 12 fl oz;6-8;vegan,gluten-free",
              "Prebiotic Soda;4 x 12 fl oz;8-10;vegan,gluten-free",
            ],
            2,
          ),
        ],
      },
      {
        name: "Frozen",
        aisles: [
          a(
            "Frozen Meals",
            "Amy's,Stouffer's,Lean Cuisine,Healthy Choice,Trader Joe's,Evol,Saffron Road",
            ",Organic,Family Size",
            [
              "Cheese Enchiladas;9 oz;4-6;vegetarian,gluten-free",
              "Macaroni & Cheese;12 oz;3-5;vegetarian",
              "Chicken Tikka Masala;10 oz;4-6;gluten-free,halal",
              "Vegetable Lasagna;10.5 oz;4-6;vegetarian",
              "Bean & Rice Burrito;6 oz;2-3;vegan",
            ],
            1.5,
          ),
          a(
            "Frozen Pizza",
            "DiGiorno,Newman's Own,Red Baron,Tombstone,Caulipower,Amy's",
            ",Pepperoni,Margherita,Supreme,Four Cheese",
            [
              "Rising Crust Pizza;29 oz;6-9",
              "Thin Crust Pizza;16 oz;5-7",
              "Cauliflower Crust Pizza;11 oz;6-8;gluten-free",
            ],
          ),
          a(
            "Ice Cream",
            "Ben & Jerry's,Häagen-Dazs,Tillamook,Halo Top,Breyers,Jeni's,So Delicious,Talenti",
            ",Vanilla Bean,Chocolate,Salted Caramel,Mint Chip,Cookie Dough",
            [
              "Ice Cream;1 pt|48 fl oz;4-6;vegetarian",
              "Gelato;1 pt;5-6;vegetarian,gluten-free",
              "Non-Dairy Frozen Dessert;1 pt;5-6;vegan,dairy-free",
              "Ice Cream Bars;6 ct;4-6;vegetarian",
            ],
          ),
          a("Frozen Produce", "Birds Eye,Green Giant,Cascadian Farm,Wyman's,Dole", ",Organic,Steamfresh", [
            "Frozen Peas;12 oz;1.5-3;vegan,gluten-free",
            "Frozen Mixed Berries;48 oz;8-12;vegan,gluten-free",
            "Frozen Broccoli Florets;12 oz;2-3;vegan,gluten-free",
            "Riced Cauliflower;10 oz;2.5-3.5;vegan,gluten-free",
          ]),
        ],
      },
      {
        name: "International",
        aisles: [
          a(
            "Asian Foods",
            "Kikkoman,Lee Kum Kee,Nongshim,Maruchan,Thai Kitchen,Annie Chun's,Mother-in-Law's,S&B",
            ",Spicy,Original,Reduced Sodium",
            [
              "Ramen Noodles;4.2 oz|6 x 4.2 oz;1.2-2",
              "Oyster Sauce;9 oz;3-4.5",
              "Coconut Milk;13.66 fl oz;2-3.5;vegan,gluten-free",
              "Kimchi;16 oz;6-8;vegan",
              "Red Curry Paste;4 oz;3-4;vegan,gluten-free",
              "Rice Noodles;14 oz;2.5-4;vegan,gluten-free",
            ],
          ),
          a("Latin Foods", "Goya,La Costeña,Old El Paso,Mission,Herdez,Siete,Ortega", ",Mild,Medium,Hot", [
            "Flour Tortillas;10 ct;3-4;vegan",
            "Corn Tortillas;30 ct;2.5-4;vegan,gluten-free",
            "Salsa Verde;16 oz;3-4.5;vegan,gluten-free",
            "Refried Beans;16 oz;1.5-2.5;vegetarian,gluten-free",
            "Taco Seasoning;1 oz;1-1.5;vegan",
          ]),
          a("Indian & Middle Eastern", "Maya Kaimal,Patak's,Deep,Tasty Bite,Sabra,Cedar's,Ziyad", ",Mild,Spicy", [
            "Tikka Masala Simmer Sauce;12.5 oz;4-6;vegetarian,gluten-free",
            "Madras Lentils;10 oz;3-4;vegan,gluten-free",
            "Classic Hummus;10 oz;3.5-5;vegan,gluten-free",
            "Garlic Naan;4.4 oz;3-4;vegetarian",
            "Tahini;16 oz;6-9;vegan,gluten-free,kosher",
          ]),
        ],
      },
      {
        name: "Household",
        aisles: [
          a(
            "Paper Goods",
            "Bounty,Charmin,Scott,Kleenex,Seventh Generation,Cottonelle,Angel Soft",
            ",Ultra Soft,Select-A-Size,Mega",
            [
              "Paper Towels;6 ct|12 ct;9-14",
              "Toilet Paper;12 ct|24 ct;10-15",
              "Facial Tissues;3 ct;5-8",
              "Napkins;200 ct;3-5",
            ],
            1.5,
          ),
          a(
            "Cleaning Supplies",
            "Clorox,Lysol,Method,Mrs. Meyer's,Seventh Generation,Dawn,Tide,Cascade",
            ",Lemon,Lavender,Free & Clear,Original",
            [
              "Disinfecting Wipes;75 ct;5-7",
              "All-Purpose Cleaner;32 fl oz;3.5-5",
              "Dish Soap;19.4 fl oz;3-4.5",
              "Laundry Detergent;92 fl oz;12-18",
              "Dishwasher Pods;48 ct;13-19",
            ],
            1.5,
          ),
        ],
      },
    ],
  },
  {
    vertical: "CONVENIENCE",
    name: "Convenience",
    share: 0.1,
    departments: [
      {
        name: "Snacks & Candy",
        aisles: [
          a(
            "Candy & Gum",
            "M&M's,Reese's,Snickers,Skittles,Haribo,Twix,KitKat,Sour Patch Kids,Trident,Orbit",
            ",Peanut,Original,Sharing Size,King Size",
            [
              "Chocolate Candies;1.69 oz|10 oz;1.3-2;vegetarian;M&M's,Snickers,Twix,KitKat",
              "Gummy Bears;5 oz;1.5-3;gluten-free;Haribo",
              "Peanut Butter Cups;1.5 oz;1.3-2;;Reese's",
              "Sugar Free Gum;14 ct;1.5-2.5;vegan;Trident,Orbit",
              "Chewy Candy;2.17 oz;1.3-2;vegan;Skittles,Sour Patch Kids",
            ],
            2,
          ),
          a("Jerky & Meat Snacks", "Jack Link's,Chomps,Slim Jim,Epic,Krave", ",Original,Teriyaki,Peppered", [
            "Beef Jerky;3.25 oz;6-9;gluten-free",
            "Meat Sticks;1.15 oz;1.5-2.5;gluten-free",
            "Turkey Jerky;2.85 oz;6-8;gluten-free",
          ]),
          a(
            "Grab & Go Chips",
            "Doritos,Cheetos,Lay's,Takis,Funyuns,SunChips",
            ",Nacho Cheese,Flamin' Hot,Cool Ranch,Classic",
            [
              "Snack Bag Chips;2.75 oz;1.8-2.5;vegetarian",
              "Tortilla Chips;9.25 oz;4.5-5.5;vegetarian,gluten-free",
              "Cheese Puffs;3.25 oz;2-3;vegetarian",
            ],
          ),
        ],
      },
      {
        name: "Cold Drinks",
        aisles: [
          a(
            "Energy Drinks",
            "Red Bull,Monster,Celsius,Rockstar,Bang,Alani Nu,Ghost",
            ",Original,Sugarfree,Tropical,Berry",
            [
              "Energy Drink;12 fl oz|16 fl oz;2.5-3.2;vegan,gluten-free",
              "Energy Drink 4-Pack;4 x 12 fl oz;8-11;vegan,gluten-free",
            ],
            2,
          ),
          a(
            "Bottled Drinks",
            "Gatorade,Powerade,Snapple,Arizona,Vitaminwater,Pure Leaf,Starbucks",
            ",Lemon,Fruit Punch,Cool Blue,Sweet",
            [
              "Sports Drink;28 fl oz;1.8-2.8;vegan,gluten-free",
              "Iced Tea;18.5 fl oz;2-3;vegan,gluten-free",
              "Bottled Frappuccino;13.7 fl oz;3.5-4.5;vegetarian",
              "Smart Water;1 l;2-3;vegan,gluten-free",
            ],
            2,
          ),
        ],
      },
      {
        name: "Ready to Eat",
        aisles: [
          a("Sandwiches & Wraps", "Fresh Market Kitchen,Deli Express,Grab & Go,Hormel", ",Classic,Spicy,Deluxe", [
            "Turkey & Swiss Sandwich;6.5 oz;5-7",
            "Ham & Cheese Croissant;5 oz;4-6",
            "Chicken Caesar Wrap;8 oz;6-8",
            "Veggie Hummus Wrap;8 oz;5.5-7;vegetarian",
            "Egg Salad Sandwich;6 oz;4.5-6;vegetarian",
          ]),
          a("Hot Food", "Hot Pockets,El Monterey,Jimmy Dean,Nathan's Famous", ",Pepperoni,Breakfast,Classic", [
            "Microwave Sandwich;2 ct;3-4.5;;Hot Pockets",
            "Burrito;5 oz;1.5-2.5;;El Monterey",
            "Breakfast Sandwich;4 ct;7-9;;Jimmy Dean",
            "Cup Noodles;2.25 oz;1-1.8;;Nissin",
          ]),
        ],
      },
      {
        name: "Essentials",
        aisles: [
          a(
            "Health & Medicine",
            "Advil,Tylenol,Zyrtec,Pepto-Bismol,Tums,Band-Aid,DayQuil,Emergen-C",
            ",Extra Strength,Liquid Gels,Travel Size",
            [
              "Pain Reliever Tablets;24 ct|100 ct;5-8;;Advil,Tylenol",
              "Allergy Relief;14 ct;12-18;;Zyrtec",
              "Antacid Chews;32 ct;5-8;;Tums,Pepto-Bismol",
              "Adhesive Bandages;30 ct;4-6;;Band-Aid",
              "Vitamin C Drink Mix;10 ct;6-9;vegan;Emergen-C",
            ],
          ),
          a(
            "Personal Care",
            "Dove,Colgate,Crest,Gillette,Old Spice,Chapstick,Burt's Bees",
            ",Original,Fresh,Sensitive",
            [
              "Travel Toothpaste;0.85 oz;1.5-2.5;;Colgate,Crest",
              "Deodorant;2.6 oz;5-8;;Dove,Old Spice",
              "Lip Balm;0.15 oz;2.5-4;;Chapstick,Burt's Bees",
              "Disposable Razors;4 ct;6-10;;Gillette",
              "Hand Sanitizer;2 fl oz;1.5-3;;Dove,Burt's Bees",
            ],
          ),
          a("Phone & Travel", "Anker,Belkin,Duracell,Energizer,Apple,Samsung", ",USB-C,Lightning,Fast Charging", [
            "Charging Cable;3 ft|6 ft;10-25;;Anker,Belkin,Apple,Samsung",
            "Portable Power Bank;10000 mah;25-45;;Anker,Belkin",
            "AA Batteries;8 ct;8-13;;Duracell,Energizer",
            "Wall Charger;1 ct;15-25;;Anker,Belkin,Apple,Samsung",
          ]),
        ],
      },
    ],
  },
  {
    vertical: "ALCOHOL",
    name: "Alcohol",
    share: 0.1,
    departments: [
      {
        name: "Beer",
        aisles: [
          a(
            "Lager & Pilsner",
            "Budweiser,Coors,Miller,Modelo,Corona,Heineken,Stella Artois,Pabst,Michelob,Yuengling",
            ",Light,Extra,Premium,Especial",
            [
              "Lager;6 x 12 fl oz|12 x 12 fl oz|24 x 12 fl oz;8-11",
              "Pilsner;6 x 12 fl oz;9-13",
              "Light Beer;12 x 12 fl oz|30 x 12 fl oz;11-15",
            ],
            2,
          ),
          a(
            "Craft Beer",
            "Sierra Nevada,Lagunitas,Dogfish Head,Founders,Bell's,New Belgium,Stone,Samuel Adams,Guinness",
            ",Hazy,West Coast,Imperial,Session",
            [
              "IPA;6 x 12 fl oz;10-14",
              "Pale Ale;6 x 12 fl oz;9-13",
              "Stout;4 x 14.9 fl oz;9-12;;Guinness,Founders,Samuel Adams",
              "Wheat Ale;6 x 12 fl oz;9-12",
              "Sour Ale;4 x 16 fl oz;12-16",
            ],
            2,
          ),
          a(
            "Hard Seltzer & Cider",
            "White Claw,Truly,High Noon,Angry Orchard,Bon & Viv,Vizzy",
            ",Black Cherry,Mango,Lime,Variety Pack,Crisp Apple",
            [
              "Hard Seltzer;12 x 12 fl oz;17-22;gluten-free",
              "Vodka Soda;8 x 12 fl oz;20-25;gluten-free",
              "Hard Cider;6 x 12 fl oz;9-12;gluten-free;Angry Orchard,Bon & Viv",
            ],
          ),
        ],
      },
      {
        name: "Wine",
        aisles: [
          a(
            "Red Wine",
            "Josh Cellars,Meiomi,19 Crimes,Apothic,Caymus,Barefoot,Bogle,Robert Mondavi,La Crema,Santa Margherita",
            ",Reserve,California,Napa Valley,Sonoma",
            [
              "Cabernet Sauvignon;750 ml|1.5 l;9-90;vegan",
              "Pinot Noir;750 ml;12-40;vegan",
              "Merlot;750 ml;8-25",
              "Red Blend;750 ml;9-30",
              "Malbec;750 ml;10-25;vegan",
            ],
            2,
          ),
          a(
            "White & Rosé Wine",
            "Kendall-Jackson,Kim Crawford,Oyster Bay,Whispering Angel,Santa Margherita,Chateau Ste. Michelle,Cupcake",
            ",Reserve,Unoaked,Dry",
            [
              "Chardonnay;750 ml;9-35",
              "Sauvignon Blanc;750 ml;10-20;vegan",
              "Pinot Grigio;750 ml;9-25",
              "Rosé;750 ml;12-25;vegan",
              "Riesling;750 ml;9-18",
            ],
            2,
          ),
          a(
            "Sparkling Wine",
            "La Marca,Veuve Clicquot,Moët & Chandon,Chandon,Freixenet,Mionetto,Korbel",
            ",Brut,Extra Dry,Rosé",
            [
              "Prosecco;750 ml;12-20;vegan;La Marca,Mionetto",
              "Champagne;750 ml;45-80;;Veuve Clicquot,Moët & Chandon",
              "Cava;750 ml;10-16;vegan;Freixenet",
              "Sparkling Wine;187 ml|750 ml;5-8",
            ],
          ),
        ],
      },
      {
        name: "Spirits",
        aisles: [
          a(
            "Vodka & Gin",
            "Tito's,Grey Goose,Absolut,Ketel One,Smirnoff,Tanqueray,Hendrick's,Bombay Sapphire,Aviation",
            ",Original,Citrus,London Dry",
            [
              "Vodka;750 ml|1.75 l;15-35;gluten-free;Tito's,Grey Goose,Absolut,Ketel One,Smirnoff",
              "Gin;750 ml;22-40;;Tanqueray,Hendrick's,Bombay Sapphire,Aviation",
              "Flavored Vodka;750 ml;15-25;;Absolut,Smirnoff,Ketel One",
            ],
            1.5,
          ),
          a(
            "Whiskey",
            "Jack Daniel's,Jameson,Maker's Mark,Bulleit,Buffalo Trace,Woodford Reserve,Johnnie Walker,Crown Royal,Glenlivet",
            ",Single Barrel,Rye,Small Batch,12 Year",
            [
              "Bourbon Whiskey;750 ml;25-60;;Maker's Mark,Bulleit,Buffalo Trace,Woodford Reserve",
              "Irish Whiskey;750 ml;25-40;;Jameson",
              "Blended Scotch Whisky;750 ml;30-60;;Johnnie Walker",
              "Single Malt Scotch;750 ml;45-90;;Glenlivet",
              "Canadian Whisky;750 ml;25-35;;Crown Royal",
              "Tennessee Whiskey;750 ml;25-35;;Jack Daniel's",
            ],
            1.5,
          ),
          a(
            "Rum & Tequila",
            "Bacardí,Captain Morgan,Malibu,Patrón,Don Julio,Casamigos,Espolòn,1800,Mount Gay",
            ",Blanco,Reposado,Añejo,Spiced,Gold",
            [
              "Tequila;750 ml;25-60;gluten-free;Patrón,Don Julio,Casamigos,Espolòn,1800",
              "Rum;750 ml|1.75 l;15-25;;Bacardí,Captain Morgan,Mount Gay",
              "Mezcal;750 ml;35-60;;Casamigos,Don Julio",
              "Coconut Rum;750 ml;15-20;;Malibu",
            ],
          ),
        ],
      },
      {
        name: "Mixers & Non-Alcoholic",
        aisles: [
          a("Mixers", "Fever-Tree,Q Mixers,Mr & Mrs T,Jose Cuervo,Canada Dry,Angostura", ",Premium,Light,Classic", [
            "Tonic Water;4 x 6.8 fl oz;5-7;vegan;Fever-Tree,Q Mixers,Canada Dry",
            "Ginger Beer;4 x 6.8 fl oz;5-7;vegan;Fever-Tree,Q Mixers",
            "Margarita Mix;1.75 l;6-9;vegan;Mr & Mrs T,Jose Cuervo",
            "Club Soda;1 l;1.5-2.5;vegan;Canada Dry,Q Mixers",
            "Aromatic Bitters;4 fl oz;8-11;;Angostura",
          ]),
        ],
      },
    ],
  },
  {
    vertical: "RETAIL",
    name: "Retail",
    share: 0.2,
    departments: [
      {
        name: "Electronics",
        aisles: [
          a(
            "Audio",
            "Sony,Bose,JBL,Apple,Beats,Skullcandy,Anker Soundcore,Sennheiser",
            ",Wireless,Noise Cancelling,Sport",
            [
              "Earbuds;1 ct;25-250",
              "Over-Ear Headphones;1 ct;60-380",
              "Bluetooth Speaker;1 ct;30-200",
              "Soundbar;1 ct;130-500;;Sony,Bose,JBL",
            ],
            1.5,
          ),
          a(
            "Accessories",
            "Anker,Belkin,Logitech,SanDisk,Samsung,OtterBox,Mophie",
            ",USB-C,Wireless,Pro",
            [
              "Wireless Charging Pad;1 ct;20-50",
              "Phone Case;1 ct;15-60",
              "MicroSD Card;128 gb|256 gb;15-40",
              "Wireless Mouse;1 ct;20-80",
              "USB-C Hub;1 ct;25-70",
            ],
            1.5,
          ),
          a("Smart Home", "Amazon,Google,Philips Hue,TP-Link,Ring,Wyze,Eufy", ",Smart,Indoor,Outdoor", [
            "Smart Speaker;1 ct;30-100;;Amazon,Google",
            "Smart Bulb;2 ct;15-50",
            "Smart Plug;4 ct;20-35",
            "Video Doorbell;1 ct;60-180;;Ring,Eufy,Google",
            "Security Camera;1 ct;30-120",
          ]),
        ],
      },
      {
        name: "Home & Kitchen",
        aisles: [
          a(
            "Cookware",
            "Lodge,Le Creuset,All-Clad,Calphalon,OXO,T-fal,Cuisinart,Pyrex",
            ",Nonstick,Cast Iron,Stainless Steel,Enameled",
            [
              "Skillet;10 in|12 in;20-120",
              "Dutch Oven;5.5 qt;60-420",
              "Saucepan;2 qt;25-150",
              "Baking Sheet;1 ct;12-30",
              "Glass Storage Set;10 ct;25-45",
            ],
            1.5,
          ),
          a(
            "Bedding & Bath",
            "Brooklinen,Threshold,Parachute,Casper,Amazon Basics,Utopia",
            ",Cotton,Linen,Organic Cotton,Queen,King",
            [
              "Sheet Set;1 ct;35-200",
              "Bath Towel Set;6 ct;30-120",
              "Down Alternative Pillow;2 ct;30-90",
              "Duvet Cover;1 ct;50-220",
            ],
          ),
          a("Home Decor & Storage", "Yankee Candle,Threshold,Umbra,mDesign,Sterilite,IKEA", ",Scented,Clear,Natural", [
            "Scented Candle;14.5 oz;15-35",
            "Storage Bins;3 ct;15-35",
            "Picture Frame;8 x 10 in;10-30",
            "Throw Blanket;50 x 60 in;20-60",
          ]),
        ],
      },
      {
        name: "Health & Beauty",
        aisles: [
          a(
            "Skin Care",
            "CeraVe,Neutrogena,La Roche-Posay,Cetaphil,The Ordinary,Olay,Aveeno",
            ",Hydrating,Fragrance-Free,SPF 30,Daily",
            [
              "Moisturizing Cream;16 oz;14-22;vegan",
              "Facial Cleanser;16 fl oz;11-17",
              "Sunscreen Lotion;3 fl oz;10-35",
              "Hyaluronic Acid Serum;1 fl oz;8-30;vegan",
            ],
            1.5,
          ),
          a(
            "Hair Care",
            "Pantene,OGX,Olaplex,Head & Shoulders,SheaMoisture,Dove,Aussie",
            ",Moisture,Volume,Color Safe,Curl",
            [
              "Shampoo;12 fl oz|25 fl oz;6-15",
              "Conditioner;12 fl oz;6-30",
              "Hair Mask;8 fl oz;8-30",
              "Dry Shampoo;4.3 oz;8-18",
            ],
          ),
          a("Oral Care", "Crest,Colgate,Sensodyne,Oral-B,Listerine,Tom's of Maine", ",Whitening,Sensitive,Fresh Mint", [
            "Toothpaste;4.1 oz;4-8",
            "Electric Toothbrush;1 ct;30-150;;Oral-B",
            "Mouthwash;1 l;5-9;;Listerine,Crest",
            "Floss Picks;90 ct;3-5;;Oral-B,Crest",
          ]),
        ],
      },
      {
        name: "Pets",
        aisles: [
          a(
            "Dog Supplies",
            "Purina Pro Plan,Blue Buffalo,Hill's Science Diet,Pedigree,Milk-Bone,Kong,Greenies",
            ",Chicken & Rice,Lamb,Grain Free,Puppy,Senior",
            [
              "Dry Dog Food;15 lb|30 lb;30-55",
              "Wet Dog Food;12 x 13 oz;25-40",
              "Dog Treats;24 oz;8-18;;Milk-Bone,Greenies,Blue Buffalo",
              "Chew Toy;1 ct;8-20;;Kong",
            ],
            1.5,
          ),
          a(
            "Cat Supplies",
            "Fancy Feast,Friskies,Purina ONE,Tidy Cats,Temptations,Meow Mix",
            ",Salmon,Chicken,Indoor,Multi-Cat",
            [
              "Wet Cat Food;24 x 3 oz;18-24",
              "Dry Cat Food;16 lb;20-40",
              "Clumping Cat Litter;40 lb;18-30;;Tidy Cats",
              "Cat Treats;16 oz;8-14;;Temptations",
            ],
          ),
        ],
      },
      {
        name: "Baby & Kids",
        aisles: [
          a(
            "Baby Care",
            "Pampers,Huggies,Honest Company,Gerber,Happy Baby,Johnson's,Aveeno Baby",
            ",Sensitive,Overnight,Organic,Size 3,Size 4",
            [
              "Diapers;84 ct|144 ct;25-35;;Pampers,Huggies,Honest Company",
              "Baby Wipes;576 ct;18-25",
              "Baby Food Pouches;4 x 4 oz;5-7;vegan,gluten-free;Gerber,Happy Baby",
              "Baby Wash;13.6 fl oz;6-9;;Johnson's,Aveeno Baby,Honest Company",
            ],
          ),
          a(
            "Toys & Games",
            "LEGO,Hasbro,Mattel,Melissa & Doug,Ravensburger,Crayola,Fisher-Price",
            ",Classic,Deluxe,Junior",
            [
              "Building Set;1 ct;15-120;;LEGO",
              "Board Game;1 ct;15-45;;Hasbro,Mattel",
              "Jigsaw Puzzle;1000 ct;15-25;;Ravensburger",
              "Art Set;1 ct;10-35;;Crayola,Melissa & Doug",
              "Plush Toy;1 ct;10-30;;Melissa & Doug,Fisher-Price,Mattel",
            ],
          ),
        ],
      },
      {
        name: "Office & School",
        aisles: [
          a(
            "Stationery",
            "Moleskine,Pilot,BIC,Sharpie,Post-it,Five Star,Paper Mate",
            ",Black,Assorted,Fine Point,College Ruled",
            [
              "Notebook;1 ct|3 ct;5-12",
              "Gel Pens;12 ct;8-16",
              "Permanent Markers;12 ct;8-14",
              "Sticky Notes;12 ct;10-16",
              "Highlighters;6 ct;5-9",
            ],
          ),
        ],
      },
    ],
  },
  {
    vertical: "FLOWERS",
    name: "Flowers",
    share: 0.04,
    departments: [
      {
        name: "Bouquets",
        aisles: [
          a(
            "Roses",
            "Bloom & Wild,FTD,1-800-Flowers,The Bouqs Co.,Farmgirl Flowers,Teleflora",
            ",Red,Pink,White,Yellow,Long-Stem",
            ["Rose Bouquet;12 stems|24 stems;40-70", "Garden Roses;10 stems;55-90", "Spray Roses;15 stems;35-60"],
            2,
          ),
          a(
            "Mixed Bouquets",
            "Bloom & Wild,FTD,1-800-Flowers,The Bouqs Co.,Farmgirl Flowers,UrbanStems",
            ",Seasonal,Pastel,Bright,Wildflower",
            [
              "Tulip Bouquet;10 stems|20 stems;35-50",
              "Sunflower Bouquet;6 stems;35-55",
              "Peony Bouquet;8 stems;60-110",
              "Lily Arrangement;1 ct;45-85",
              "Hydrangea Bouquet;5 stems;45-80",
            ],
            2,
          ),
        ],
      },
      {
        name: "Plants",
        aisles: [
          a(
            "Houseplants",
            "The Sill,Costa Farms,Bloomscape,Rooted,Lively Root",
            ",Small,Medium,Large",
            [
              "Monstera Deliciosa;6 in|10 in;35-60",
              "Snake Plant;6 in;30-70",
              "Pothos;4 in|6 in;20-30",
              "Fiddle Leaf Fig;10 in;60-150",
              "Orchid;5 in;30-60",
            ],
            1.5,
          ),
          a(
            "Succulents & Cacti",
            "The Sill,Mountain Crest Gardens,Altman Plants,Costa Farms",
            ",Assorted,Mini,Potted",
            ["Succulent Trio;3 ct;25-45", "Cactus Garden;1 ct;30-50", "Aloe Vera;4 in;15-25", "Jade Plant;6 in;25-40"],
          ),
        ],
      },
      {
        name: "Occasions",
        aisles: [
          a("Sympathy & Celebration", "FTD,Teleflora,1-800-Flowers,ProFlowers", ",Classic,Deluxe,Premium", [
            "Sympathy Arrangement;1 ct;60-150",
            "Birthday Bouquet;1 ct;40-90",
            "Anniversary Arrangement;1 ct;60-130",
            "Get Well Bouquet;1 ct;40-80",
            "Wedding Centerpiece;1 ct;80-200",
          ]),
        ],
      },
    ],
  },
  {
    vertical: "GIFTING",
    name: "Gifting",
    share: 0.06,
    departments: [
      {
        name: "Gift Baskets",
        aisles: [
          a(
            "Gourmet Baskets",
            "Harry & David,Wine Country Gift Baskets,Hickory Farms,Mouth,Stonewall Kitchen",
            ",Classic,Deluxe,Signature,Holiday",
            [
              "Gourmet Gift Basket;1 ct;45-180",
              "Cheese & Charcuterie Box;1 ct;50-120",
              "Snack Sampler;1 ct;35-80",
              "Breakfast Gift Box;1 ct;40-90;vegetarian",
            ],
            2,
          ),
          a("Fruit Gifts", "Harry & David,Edible Arrangements,Shari's Berries,Melissa's", ",Classic,Deluxe,Organic", [
            "Fruit Basket;1 ct;40-100;vegan,gluten-free",
            "Chocolate Dipped Strawberries;12 ct;40-70;vegetarian,gluten-free",
            "Pear Gift Box;9 ct;35-55;vegan,gluten-free",
          ]),
        ],
      },
      {
        name: "Sweets",
        aisles: [
          a(
            "Chocolates & Candy",
            "Godiva,Lindt,Ghirardelli,See's Candies,Vosges,Compartés,Russell Stover",
            ",Assorted,Dark,Milk,Truffle",
            [
              "Chocolate Gift Box;8 oz|16 oz;15-30;vegetarian",
              "Truffle Collection;24 ct;25-55;vegetarian",
              "Caramel Tin;12 oz;15-30;vegetarian,gluten-free",
              "Cookie Tin;2 lb;25-45;vegetarian",
            ],
            2,
          ),
        ],
      },
      {
        name: "Gift Sets & Cards",
        aisles: [
          a(
            "Spa & Candle Sets",
            "Bath & Body Works,L'Occitane,Voluspa,Diptyque,Aromatherapy Associates,Lush",
            ",Lavender,Citrus,Rose,Holiday",
            [
              "Spa Gift Set;1 ct;25-90;vegan",
              "Candle Gift Set;3 ct;30-80",
              "Bath Bomb Set;6 ct;20-40;vegan",
              "Hand Cream Trio;3 ct;25-45",
            ],
          ),
          a(
            "Cards & Wrap",
            "Hallmark,Papyrus,American Greetings,Rifle Paper Co.",
            ",Birthday,Thank You,Holiday,Blank",
            ["Greeting Card;1 ct;4-9", "Gift Wrap;3 ct;10-18", "Gift Bag Set;6 ct;8-15", "Personalized Mug;1 ct;15-25"],
          ),
        ],
      },
    ],
  },
];

/** A restaurant cuisine with its dishes (`Dish name;min-max;tags;ingredient,ingredient`). */
export interface CuisineBlueprint {
  cuisine: string;
  name: string;
  restaurantNames: string[];
  courses: Record<string, string[]>;
}

/** Restaurant cuisines: restaurant names and menus per course. */
export const CUISINES: CuisineBlueprint[] = [
  {
    cuisine: "italian",
    name: "Italian",
    restaurantNames: ["Trattoria Luna", "Nonna's Kitchen", "Osteria Bella", "Pasta Fresca", "Il Forno", "Via Roma"],
    courses: {
      Starters: [
        "Bruschetta;8-12;vegan;bread,tomato,basil,garlic",
        "Burrata;12-16;vegetarian,gluten-free;burrata,tomato,basil",
        "Calamari Fritti;12-16;;squid,flour,lemon",
        "Arancini;9-12;vegetarian;rice,mozzarella,peas",
      ],
      Mains: [
        "Margherita Pizza;13-18;vegetarian;dough,tomato,mozzarella,basil",
        "Spaghetti Carbonara;16-21;;spaghetti,egg,guanciale,pecorino",
        "Lasagna Bolognese;17-22;;pasta,beef,tomato,bechamel",
        "Penne Arrabbiata;14-18;vegan;penne,tomato,chili,garlic",
        "Chicken Parmigiana;19-25;;chicken,tomato,mozzarella",
        "Mushroom Risotto;17-23;vegetarian,gluten-free;rice,mushroom,parmesan",
        "Tagliatelle al Ragù;17-22;;tagliatelle,beef,pork,tomato,parmesan",
      ],
      Desserts: [
        "Tiramisu;8-11;vegetarian;mascarpone,coffee,ladyfingers",
        "Panna Cotta;7-10;vegetarian,gluten-free;cream,vanilla,berries",
      ],
    },
  },
  {
    cuisine: "japanese",
    name: "Japanese",
    restaurantNames: ["Sakura Sushi", "Ramen Ichiban", "Tokyo Table", "Umi Izakaya", "Koi Sushi Bar"],
    courses: {
      Starters: [
        "Edamame;5-7;vegan,gluten-free;soybeans,salt",
        "Gyoza;7-10;;pork,cabbage,wrapper",
        "Miso Soup;4-6;vegetarian;miso,tofu,seaweed",
        "Seaweed Salad;6-8;vegan;seaweed,sesame",
      ],
      Mains: [
        "Salmon Nigiri;8-12;gluten-free;salmon,rice",
        "California Roll;9-13;;crab,avocado,cucumber,rice",
        "Tonkotsu Ramen;15-19;;pork broth,noodles,chashu,egg",
        "Chicken Teriyaki Bowl;14-18;;chicken,teriyaki,rice",
        "Vegetable Tempura;12-16;vegetarian;vegetables,batter",
        "Spicy Tuna Roll;10-14;;tuna,chili mayo,rice",
      ],
      Desserts: [
        "Mochi Ice Cream;6-8;vegetarian,gluten-free;rice flour,ice cream",
        "Matcha Cheesecake;7-9;vegetarian;matcha,cream cheese",
      ],
    },
  },
  {
    cuisine: "mexican",
    name: "Mexican",
    restaurantNames: ["Taqueria El Sol", "Casa Verde", "La Cantina", "Mi Tierra", "Tacos Don Pepe"],
    courses: {
      Starters: [
        "Chips & Guacamole;7-10;vegan,gluten-free;avocado,lime,tortilla chips",
        "Elote;5-7;vegetarian,gluten-free;corn,cotija,chili",
        "Queso Fundido;8-11;vegetarian;cheese,chorizo",
      ],
      Mains: [
        "Carne Asada Tacos;12-16;gluten-free;steak,corn tortilla,onion,cilantro",
        "Chicken Burrito;11-15;;chicken,rice,beans,tortilla",
        "Al Pastor Tacos;11-15;gluten-free;pork,pineapple,corn tortilla",
        "Veggie Enchiladas;12-15;vegetarian;tortilla,beans,cheese,salsa",
        "Shrimp Quesadilla;13-17;;shrimp,cheese,tortilla",
        "Black Bean Bowl;11-14;vegan,gluten-free;black beans,rice,salsa",
      ],
      Desserts: ["Churros;6-8;vegetarian;dough,cinnamon,sugar", "Tres Leches Cake;7-9;vegetarian;milk,sponge cake"],
    },
  },
  {
    cuisine: "indian",
    name: "Indian",
    restaurantNames: ["Taj Palace", "Masala House", "Bombay Spice", "Curry Leaf", "Delhi Darbar"],
    courses: {
      Starters: [
        "Vegetable Samosa;6-8;vegan;potato,peas,pastry",
        "Onion Bhaji;6-8;vegan,gluten-free;onion,chickpea flour",
        "Chicken Tikka;11-14;gluten-free,halal;chicken,yogurt,spices",
      ],
      Mains: [
        "Chicken Tikka Masala;16-20;gluten-free,halal;chicken,tomato,cream",
        "Palak Paneer;14-17;vegetarian,gluten-free;spinach,paneer",
        "Chana Masala;13-16;vegan,gluten-free;chickpeas,tomato,onion",
        "Lamb Rogan Josh;18-22;gluten-free,halal;lamb,yogurt,spices",
        "Dal Makhani;12-15;vegetarian,gluten-free;lentils,butter,cream",
        "Vegetable Biryani;14-17;vegetarian,gluten-free;rice,vegetables,saffron",
      ],
      Sides: ["Garlic Naan;3-5;vegetarian;flour,garlic,butter", "Basmati Rice;3-4;vegan,gluten-free;rice"],
      Desserts: ["Gulab Jamun;5-7;vegetarian;milk solids,syrup", "Mango Lassi;4-6;vegetarian,gluten-free;mango,yogurt"],
    },
  },
  {
    cuisine: "chinese",
    name: "Chinese",
    restaurantNames: ["Golden Dragon", "Jade Garden", "Szechuan House", "Lucky Dumpling", "Red Lantern"],
    courses: {
      Starters: [
        "Pork Dumplings;8-11;;pork,wrapper,scallion",
        "Vegetable Spring Rolls;6-8;vegan;cabbage,carrot,wrapper",
        "Hot and Sour Soup;5-7;;tofu,mushroom,egg",
      ],
      Mains: [
        "Kung Pao Chicken;14-17;;chicken,peanuts,chili",
        "Mapo Tofu;13-16;;tofu,pork,chili bean paste",
        "Beef and Broccoli;15-18;;beef,broccoli,oyster sauce",
        "Vegetable Lo Mein;12-15;vegetarian;noodles,vegetables,soy sauce",
        "Sweet and Sour Pork;14-17;;pork,pineapple,peppers",
        "Ma Po Eggplant;12-15;vegan;eggplant,garlic,chili",
      ],
      Sides: ["Egg Fried Rice;5-8;vegetarian;rice,egg,scallion"],
    },
  },
  {
    cuisine: "thai",
    name: "Thai",
    restaurantNames: ["Bangkok Street", "Thai Orchid", "Lemongrass", "Siam Kitchen"],
    courses: {
      Starters: [
        "Chicken Satay;9-12;gluten-free;chicken,peanut sauce",
        "Fresh Summer Rolls;7-9;vegan,gluten-free;rice paper,vegetables,herbs",
        "Tom Yum Soup;7-10;gluten-free;shrimp,lemongrass,lime",
      ],
      Mains: [
        "Pad Thai;13-17;;rice noodles,egg,peanuts,tamarind",
        "Green Curry;14-18;gluten-free;coconut milk,green curry,chicken",
        "Massaman Curry;15-18;gluten-free;beef,potato,peanuts",
        "Basil Fried Rice;12-15;;rice,thai basil,chili",
        "Tofu Pad See Ew;13-16;vegetarian;wide noodles,tofu,broccoli",
      ],
      Desserts: ["Mango Sticky Rice;7-9;vegan,gluten-free;mango,sticky rice,coconut"],
    },
  },
  {
    cuisine: "american",
    name: "American",
    restaurantNames: ["Liberty Burger", "Smokehouse BBQ", "Main Street Diner", "The Grill Room", "Brooklyn Deli"],
    courses: {
      Starters: [
        "Buffalo Wings;11-15;gluten-free;chicken wings,hot sauce",
        "Mozzarella Sticks;8-10;vegetarian;mozzarella,breadcrumbs",
        "Loaded Fries;8-11;;fries,cheese,bacon",
      ],
      Mains: [
        "Classic Cheeseburger;13-17;;beef,cheddar,bun,pickles",
        "BBQ Pulled Pork Sandwich;13-16;;pork,bbq sauce,bun",
        "Beyond Burger;14-17;vegan;plant-based patty,bun,lettuce",
        "Cobb Salad;13-16;gluten-free;chicken,bacon,egg,avocado",
        "Reuben Sandwich;14-17;;corned beef,sauerkraut,swiss,rye",
        "Mac and Cheese;10-13;vegetarian;macaroni,cheddar",
      ],
      Desserts: [
        "New York Cheesecake;7-9;vegetarian;cream cheese,graham crust",
        "Chocolate Milkshake;6-8;vegetarian,gluten-free;ice cream,milk,chocolate",
      ],
    },
  },
  {
    cuisine: "mediterranean",
    name: "Mediterranean",
    restaurantNames: ["Olive & Fig", "Aegean Grill", "Cedar Tree", "Pita Pit Stop", "Souvlaki House"],
    courses: {
      Starters: [
        "Hummus & Pita;7-9;vegan;chickpeas,tahini,pita",
        "Falafel;7-9;vegan;chickpeas,herbs",
        "Greek Salad;10-13;vegetarian,gluten-free;feta,tomato,cucumber,olives",
        "Stuffed Grape Leaves;7-9;vegan,gluten-free;rice,grape leaves,herbs",
      ],
      Mains: [
        "Chicken Shawarma Plate;15-18;halal;chicken,garlic sauce,rice",
        "Lamb Gyro;13-16;halal;lamb,pita,tzatziki",
        "Falafel Wrap;11-13;vegan;falafel,tahini,pita",
        "Grilled Salmon Plate;19-24;gluten-free;salmon,lemon,vegetables",
        "Moussaka;16-19;;eggplant,beef,bechamel",
      ],
      Desserts: ["Baklava;5-7;vegetarian;phyllo,walnuts,honey"],
    },
  },
  {
    cuisine: "korean",
    name: "Korean",
    restaurantNames: ["Seoul Kitchen", "Bibim House", "K-Town BBQ", "Gangnam Grill"],
    courses: {
      Starters: [
        "Kimchi Pancake;10-13;vegan;kimchi,flour",
        "Korean Fried Chicken;14-18;;chicken,gochujang glaze",
        "Mandu;8-10;;pork,tofu,wrapper",
      ],
      Mains: [
        "Bibimbap;14-17;;rice,vegetables,egg,gochujang",
        "Bulgogi;17-21;;beef,soy,pear,rice",
        "Tofu Soondubu Jjigae;13-16;;soft tofu,chili broth,egg",
        "Japchae;13-16;vegetarian;glass noodles,vegetables,sesame",
        "Spicy Pork Bulgogi;16-19;;pork,gochujang,rice",
      ],
    },
  },
  {
    cuisine: "vietnamese",
    name: "Vietnamese",
    restaurantNames: ["Pho Saigon", "Banh Mi Co", "Little Hanoi", "Lotus Pho"],
    courses: {
      Starters: [
        "Fresh Spring Rolls;7-9;gluten-free;shrimp,rice paper,herbs",
        "Crispy Imperial Rolls;7-9;;pork,wrapper",
      ],
      Mains: [
        "Beef Pho;14-17;gluten-free;rice noodles,beef,broth,herbs",
        "Chicken Pho;13-16;gluten-free;rice noodles,chicken,broth",
        "Grilled Pork Banh Mi;9-12;;baguette,pork,pickles,cilantro",
        "Tofu Banh Mi;9-11;vegan;baguette,tofu,pickles",
        "Lemongrass Chicken Vermicelli;13-16;gluten-free;vermicelli,chicken,lemongrass",
      ],
      Drinks: ["Vietnamese Iced Coffee;5-6;vegetarian,gluten-free;coffee,condensed milk"],
    },
  },
];
