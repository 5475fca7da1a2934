// The volunteers wing's public face: help offers other wings read or erase.
// Other wings import this wing only through this file (lint rule `wings/wings`); its own files import each
// other directly. handlers.ts is not exported here: api/handlers.ts combines the handlers.
export { needsOf } from './volunteers.js';
