/**
 * A fake ESC/POS network printer: a real TCP server on 127.0.0.1 that keeps every byte it receives,
 * one buffer per connection, and answers the real-time status request (DLE EOT 1) as an Epson does.
 * `closeAfter` makes it drop the connection after that many bytes, like a printer switched off mid-job.
 */
import net from 'node:net';
import iconv from 'iconv-lite';

export interface FakePrinter {
  port: number;
  address: string;
  jobs: Buffer[];
  closeAfter: number | null;
  close(): Promise<void>;
}

const STATUS_REQUEST = Buffer.from([0x10, 0x04, 0x01]);

export async function startFakePrinter(port = 0): Promise<FakePrinter> {
  const printer: FakePrinter = { port: 0, address: '', jobs: [], closeAfter: null, close: async () => undefined };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const received = Buffer.concat(chunks);
      if (printer.closeAfter !== null && received.length >= printer.closeAfter) {
        socket.destroy();
        return;
      }
      if (received.subarray(-3).equals(STATUS_REQUEST)) socket.write(Buffer.from([0x16]));
    });
    socket.on('end', () => {
      const received = Buffer.concat(chunks);
      if (received.length > 0) printer.jobs.push(received);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  printer.port = typeof address === 'object' && address ? address.port : port;
  printer.address = `127.0.0.1:${printer.port}`;
  printer.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return printer;
}

/** Printed bytes as text, decoded with the code page the receipts use (PC858). */
export function decodeReceipt(bytes: Buffer): string {
  return iconv.decode(bytes, 'cp858');
}

export function countCuts(bytes: Buffer, profile: 'epson' | 'star' = 'epson'): number {
  const cut = profile === 'epson' ? Buffer.from([0x1d, 0x56]) : Buffer.from([0x1b, 0x64, 0x02]);
  let count = 0;
  for (let i = bytes.indexOf(cut); i !== -1; i = bytes.indexOf(cut, i + 1)) count += 1;
  return count;
}

/** A port with nobody listening (to stand for a printer that is off). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 1;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
