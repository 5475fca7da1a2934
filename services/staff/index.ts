// The staff wing's public face: staff members and the session of the person at the keyboard.
// Other wings import this wing only through this file (lint rule `wings/wings`); its own files import each
// other directly. handlers.ts is not exported here: api/handlers.ts combines the handlers.
export type { SessionActor, SessionManager } from './session.js';
export { prepareStaffRow, verifyStaffPin } from './staff.js';
