// The setup wing's public face: first-run setup.
// Other wings import this wing only through this file (lint rule `wings/wings`); its own files import each
// other directly. handlers.ts is not exported here: api/handlers.ts combines the handlers.
export { completeSetup } from './setup.js';
