import type { InitiativeStatus, Theme } from '../core/initiative-status.js';

/**
 * Demo initiatives: invented for the demo device, spread over districts and statuses so every
 * screen has something to show. `collected` is a share of the target; `days` is the saving deadline
 * relative to the moment the demo data is made.
 */
export interface DemoInitiative {
  title: string;
  summary: string;
  district: string;
  theme: Theme;
  status: InitiativeStatus;
  targetCents: number;
  collected: number;
  days: number;
}

export const demoInitiatives: readonly DemoInitiative[] = [
  { title: 'Bankjes bij de vijver', summary: 'Twee bankjes zodat ouderen kunnen rusten bij de vijver.', district: 'WK014113', theme: 'ouderen', status: 'spaarfase', targetCents: 90_000, collected: 0.42, days: 60 },
  { title: 'Moestuin voor de buurt', summary: 'Bakken en zaden voor een gezamenlijke moestuin.', district: 'WK014113', theme: 'groen', status: 'spaarfase', targetCents: 60_000, collected: 0.8, days: 45 },
  { title: 'Speelplek opknappen', summary: 'Nieuwe zandbak en een duikelrek op het pleintje.', district: 'WK014119', theme: 'spelen', status: 'spaarfase', targetCents: 150_000, collected: 0.25, days: 90 },
  { title: 'Buurtbieb in een kast', summary: 'Een weerbestendige boekenkast waar iedereen boeken ruilt.', district: 'WK014119', theme: 'cultuur', status: 'spaarfase', targetCents: 30_000, collected: 0.6, days: 30 },
  { title: 'Bloembakken in de straat', summary: 'Bloembakken langs de stoep, onderhouden door bewoners.', district: 'WK014110', theme: 'groen', status: 'spaarfase', targetCents: 45_000, collected: 0.1, days: 75 },
  { title: 'Jeu de boulesbaan', summary: 'Een baan om samen te spelen, voor jong en oud.', district: 'WK014111', theme: 'sport_en_bewegen', status: 'spaarfase', targetCents: 120_000, collected: 0.55, days: 50 },
  { title: 'Voetbalgoaltjes voor het veldje', summary: 'Twee kleine goals voor het grasveld achter de school.', district: 'WK014112', theme: 'jeugd', status: 'spaarfase', targetCents: 40_000, collected: 0.95, days: 20 },
  { title: 'Insectenhotel en bloemenweide', summary: 'Een insectenhotel en zaden voor een bloemenstrook.', district: 'WK014114', theme: 'duurzaamheid', status: 'spaarfase', targetCents: 35_000, collected: 0.3, days: 80 },
  { title: 'Verlichting bij het wandelpad', summary: 'Zonnelampjes langs het donkere stuk van het pad.', district: 'WK014116', theme: 'veiligheid', status: 'spaarfase', targetCents: 80_000, collected: 0.15, days: 100 },
  { title: 'Ontmoetingsbank bij de supermarkt', summary: 'Een praatbank waar buren elkaar kunnen ontmoeten.', district: 'WK014117', theme: 'ontmoeting', status: 'spaarfase', targetCents: 25_000, collected: 0.7, days: 40 },
  { title: 'Fietsenrek bij het dorpshuis', summary: 'Een fietsenrek zodat fietsen niet meer op de stoep staan.', district: 'WK014120', theme: 'overig', status: 'spaarfase', targetCents: 50_000, collected: 0.2, days: 70 },
  { title: 'Beweegtoestel voor ouderen', summary: 'Een buitentoestel om in beweging te blijven.', district: 'WK014121', theme: 'sport_en_bewegen', status: 'spaarfase', targetCents: 200_000, collected: 0.35, days: 120 },
  { title: 'Picknicktafel in het park', summary: 'Een stevige picknicktafel voor iedereen.', district: 'WK014115', theme: 'ontmoeting', status: 'streefbedrag_behaald', targetCents: 70_000, collected: 1, days: 10 },
  { title: 'Kunstwerk op de geluidswal', summary: 'Kinderen beschilderen samen de geluidswal.', district: 'WK014118', theme: 'cultuur', status: 'in_uitvoering', targetCents: 100_000, collected: 1, days: -20 },
  { title: 'Boomspiegels beplanten', summary: 'Plantjes rond de bomen in de straat.', district: 'WK014113', theme: 'groen', status: 'uitgevoerd', targetCents: 20_000, collected: 1, days: -90 },
  { title: 'Pannaveldje', summary: 'Een klein veldje met boarding voor straatvoetbal.', district: 'WK014119', theme: 'jeugd', status: 'in_beoordeling', targetCents: 250_000, collected: 0, days: 150 },
  { title: 'AED-kast aan de gevel', summary: 'Een buitenkast voor de AED van de buurt.', district: 'WK014111', theme: 'veiligheid', status: 'ingediend', targetCents: 65_000, collected: 0, days: 150 },
  { title: 'Wandelroute met bordjes', summary: 'Bordjes voor een korte wandelroute door de wijk.', district: 'WK014112', theme: 'ouderen', status: 'concept', targetCents: 30_000, collected: 0, days: 180 },
  { title: 'Buurtfeest met springkussen', summary: 'Een feest voor de straat met een springkussen.', district: 'WK014110', theme: 'ontmoeting', status: 'afgewezen', targetCents: 40_000, collected: 0, days: 30 },
  { title: 'Schommel bij de speeltuin', summary: 'Een extra schommel voor de speeltuin.', district: 'WK014114', theme: 'spelen', status: 'niet_geslaagd', targetCents: 90_000, collected: 0.4, days: -5 },
];
