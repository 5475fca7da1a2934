/**
 * docs/sync-protocol.md and docs/sync-events.schema.json are generated from the event catalogue
 * (npm run docs:protocol): a third party's client is written from them, so they must be the code's.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  docPath,
  monitorSchemaPath,
  partnerOpenApiPath,
  renderDoc,
  renderMonitorSchema,
  renderPartnerOpenApi,
  renderSchema,
  schemaPath,
} from '../../scripts/protocol-doc';
import { eventTypes, versionsOf } from '../../core/sync/events';
import { auditActions } from '../../core/audit';

describe('the protocol document', () => {
  it('holds the catalogue exactly as the code has it (run npm run docs:protocol after changing core/sync/events.ts)', async () => {
    const committed = fs.readFileSync(docPath, 'utf8');
    expect(await renderDoc(committed)).toBe(committed);
    expect(fs.readFileSync(schemaPath, 'utf8')).toBe(await renderSchema());
    expect(fs.readFileSync(monitorSchemaPath, 'utf8')).toBe(await renderMonitorSchema());
    expect(fs.readFileSync(partnerOpenApiPath, 'utf8')).toBe(await renderPartnerOpenApi());
  });

  it('names every type and version, and refers to nothing an outsider does not have', () => {
    const doc = fs.readFileSync(docPath, 'utf8');
    for (const type of eventTypes) for (const v of versionsOf(type)) expect(doc).toContain(`### \`${type}\` v${v}`);
    // No source files of ours: the page and the schema file are all a third party gets.
    expect(doc).not.toMatch(/\b(core|services|server|db)\/[\w/-]+\.ts\b/);
  });

  it('lists exactly the audit actions a device may send (§4d)', () => {
    const doc = fs.readFileSync(docPath, 'utf8');
    const listed = /`action` is one of ([^;]+);/.exec(doc.replace(/\s+/g, ' '))?.[1] ?? '';
    const names = [...listed.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]);
    // `admin` is the ledger's own trail (server:admin), never a device's.
    expect(names).toEqual(auditActions.filter((a) => a !== 'admin'));
  });
});
