/** `npm run demo:codes [count]`: print demo voucher codes (valid on a demo device only). */
import { demoCodesForDisplay, DEMO_VOUCHER_COUNT } from '../services/setup/demo.js';

const count = Math.min(Number(process.argv[2] ?? 10) || 10, DEMO_VOUCHER_COUNT);
process.stdout.write(`${demoCodesForDisplay(count).join('\n')}\n`);
