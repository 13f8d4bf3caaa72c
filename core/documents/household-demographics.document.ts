/**
 * Demographics of a shopper's household as the source bands them (collection `household_demographics`,
 * _id = the user id). Bands stay text ("35-44", "50-74K", "5+"); absent fields were unknown in the source.
 */
export interface HouseholdDemographicsDocument {
  _id: string;
  age?: string;
  income?: string;
  homeOwnership?: string;
  maritalStatus?: string;
  householdSize?: string;
  householdComposition?: string;
  kidsCount?: string;
  source: string;
}
