/** The districts file (resources/data/almelo-wijken.csv and a tenant's own): `wijk_code,wijk_name,kind`. Pure. */

export interface DistrictLine {
  code: string;
  name: string;
  kind: 'wijk' | 'dorp';
}

export function parseDistrictsCsv(text: string): DistrictLine[] {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  if (header?.trim() !== 'wijk_code,wijk_name,kind') throw new Error('unexpected districts file header');
  return lines.map((line) => {
    const [code, name, kind] = line.split(',').map((s) => s.trim());
    if (!code || !name || (kind !== 'wijk' && kind !== 'dorp')) throw new Error(`bad districts line: ${line}`);
    return { code, name, kind };
  });
}
