/**
 * The Pôle métropolitain Nord Franche-Comté and its five member EPCI.
 * Membership is a decision of the Pôle, not administrative data, so it is kept here;
 * everything else about communes and EPCI comes from @etalab/decoupage-administratif.
 */
export const TERRITORY = {
  name: 'Nord Franche-Comté',
  officialName: 'Pôle métropolitain Nord Franche-Comté',
  regionCode: '27',
  address: '10 rue Frédéric Japy, Le Quasar 2, 25200 Montbéliard',
  memberEpciSirens: ['200065647', '200069052', '247000722', '249000241', '200069060'],
  departmentCodes: ['25', '70', '90'],
} as const;

export const EPCI_KINDS = ['CA', 'CC'] as const;
export type EpciKind = (typeof EPCI_KINDS)[number];

/** INSEE commune code: 2 digits (or 2A/2B for Corsica) then 3 digits. Not a postal code. */
export const INSEE_CODE_PATTERN = /^(?:\d{2}|2[AB])\d{3}$/;
export const POSTAL_CODE_PATTERN = /^\d{5}$/;
export const SIREN_PATTERN = /^\d{9}$/;

/** Credit line for the commune boundaries, shown wherever they are used. */
export const BOUNDARIES_CREDIT =
  'Limites communales : IGN Admin Express COG 2018, Licence Ouverte / Open Licence (Etalab).';
