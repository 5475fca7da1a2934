/** Statuses of an initiative (DESIGN.md). The state machine itself comes with the initiatives issue. */
export const initiativeStatuses = [
  'concept',
  'ingediend',
  'in_beoordeling',
  'spaarfase',
  'streefbedrag_behaald',
  'in_uitvoering',
  'uitgevoerd',
  'afgewezen',
  'ingetrokken',
  'niet_geslaagd',
] as const;
export type InitiativeStatus = (typeof initiativeStatuses)[number];

export const themes = [
  'groen',
  'spelen',
  'ontmoeting',
  'veiligheid',
  'duurzaamheid',
  'cultuur',
  'sport_en_bewegen',
  'ouderen',
  'jeugd',
  'overig',
] as const;
export type Theme = (typeof themes)[number];
