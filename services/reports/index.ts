// The reports wing's public face: nothing yet is needed by the wings above it (sync, setup).
// Other wings import this wing only through this file (lint rule `wings/wings`); its own files import each
// other directly. handlers.ts is not exported here: api/handlers.ts combines the handlers.
export {};
