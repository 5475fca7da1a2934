/**
 * Printers installed in the operating system, by name (USB receipt printers are reached this way).
 * The receipt's ESC/POS bytes go to the spooler unchanged ("raw"): no driver may re-render them.
 *
 * - Linux and macOS: CUPS, `lp -d <name> -o raw` with the bytes on stdin. A job counts as printed when
 *   the spooler accepted it (CUPS reports no paper-out back to us; the printer's own status is
 *   only known for network printers, see transport.ts).
 * - Windows: the print spooler through winspool.drv (OpenPrinter / StartDocPrinter with datatype RAW /
 *   WritePrinter), from PowerShell with a small inline C# class — Microsoft's documented way to send
 *   raw data to a printer (KB 322091), so no native Node module has to be built for Electron.
 *   Not runnable on the build machines (no Windows); see docs/receipts.md.
 */
import { spawn } from 'node:child_process';
import { PrintError, type PrinterTransport } from './transport.js';

/** Names as the operating systems allow them, without anything a command line could misread. */
export function isValidPrinterName(name: string): boolean {
  return /^[\p{L}\p{N}][\p{L}\p{N} _.()#@+-]{0,99}$/u.test(name);
}

function run(
  command: string,
  args: string[],
  input: Buffer,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'ignore', 'pipe'], windowsHide: true });
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr: stderr.trim() });
    });
    child.stdin.on('error', () => undefined); // a spooler that exits early closes stdin; 'close' reports it
    child.stdin.end(input);
  });
}

const WINDOWS_RAW_PRINT = `
$ErrorActionPreference = 'Stop'
Add-Type -TypeDefinition @'
using System; using System.Runtime.InteropServices;
public static class BuurtbalieRawPrinter {
  [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
  public class DOCINFO { public string pDocName; public string pOutputFile; public string pDataType; }
  [DllImport("winspool.drv", CharSet = CharSet.Unicode, SetLastError = true)] static extern bool OpenPrinter(string name, out IntPtr h, IntPtr d);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool ClosePrinter(IntPtr h);
  [DllImport("winspool.drv", CharSet = CharSet.Unicode, SetLastError = true)] static extern int StartDocPrinter(IntPtr h, int level, DOCINFO di);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool EndDocPrinter(IntPtr h);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool StartPagePrinter(IntPtr h);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool EndPagePrinter(IntPtr h);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool WritePrinter(IntPtr h, byte[] b, int n, out int written);
  public static void Send(string printer, byte[] bytes) {
    IntPtr h;
    if (!OpenPrinter(printer, out h, IntPtr.Zero)) throw new Exception("printer not found: " + Marshal.GetLastWin32Error());
    try {
      if (StartDocPrinter(h, 1, new DOCINFO { pDocName = "Buurtbalie bon", pDataType = "RAW" }) == 0) throw new Exception("StartDocPrinter " + Marshal.GetLastWin32Error());
      StartPagePrinter(h);
      int written;
      if (!WritePrinter(h, bytes, bytes.Length, out written) || written != bytes.Length) throw new Exception("WritePrinter " + Marshal.GetLastWin32Error());
      EndPagePrinter(h); EndDocPrinter(h);
    } finally { ClosePrinter(h); }
  }
}
'@
$bytes = [Convert]::FromBase64String([Console]::In.ReadToEnd())
[BuurtbalieRawPrinter]::Send($env:BB_PRINTER_NAME, $bytes)
`;

export function systemPrinterTransport(name: string, options: { platform?: NodeJS.Platform; timeoutMs?: number } = {}): PrinterTransport {
  const platform = options.platform ?? process.platform;
  const timeoutMs = options.timeoutMs ?? 15_000;
  return {
    async send(bytes) {
      if (!isValidPrinterName(name)) throw new PrintError('not-configured', 'printer name missing or not allowed');
      try {
        if (platform === 'win32') {
          // The name travels in the environment, the bytes on stdin: nothing is pasted into the script.
          const { code, stderr } = await run(
            'powershell.exe',
            ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', WINDOWS_RAW_PRINT],
            Buffer.from(bytes.toString('base64')),
            { ...process.env, BB_PRINTER_NAME: name },
            timeoutMs,
          );
          if (code !== 0) throw new PrintError('unreachable', stderr.split('\n')[0] || `spooler exit ${code}`);
          return;
        }
        const { code, stderr } = await run('lp', ['-d', name, '-o', 'raw', '-t', 'Buurtbalie bon'], bytes, process.env, timeoutMs);
        if (code !== 0) throw new PrintError('unreachable', stderr.split('\n')[0] || `lp exit ${code}`);
      } catch (error) {
        if (error instanceof PrintError) throw error;
        const code = (error as NodeJS.ErrnoException).code;
        throw new PrintError(
          'unsupported',
          code === 'ENOENT' ? 'no print spooler command on this computer (CUPS lp / PowerShell)' : String(error),
        );
      }
    },
  };
}
