// Reads the streamed CSV export into a file while counting its rows for the progress bar, and names
// the file from Content-Disposition. Rows are counted on the bytes: a record ends at a line feed
// outside quotes (RFC 4180 fields may hold line breaks), and neither `"` nor `\n` can occur inside a
// UTF-8 multi-byte character, so no decoding is needed to count.

const QUOTE = 0x22;
const LF = 0x0a;

/** Counts the records of a CSV read in chunks; the first record is the header and is not a row. */
export class CsvRowCounter {
  private inQuotes = false;
  private records = 0;
  /** Whether bytes came after the last record's end (a last row without its line break). */
  private open = false;

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      // A doubled quote inside a quoted field toggles twice: it stays quoted, as it should.
      if (byte === QUOTE) this.inQuotes = !this.inQuotes;
      if (byte === LF && !this.inQuotes) {
        this.records++;
        this.open = false;
      } else {
        this.open = true;
      }
    }
  }

  /** Data rows so far (the header left out). */
  get rows(): number {
    return Math.max(0, this.records - 1);
  }

  /** Data rows once the stream has ended (a last row without a line break counts). */
  get finalRows(): number {
    return Math.max(0, this.records + (this.open ? 1 : 0) - 1);
  }
}

export interface CsvProgress {
  rows: number;
  /** X-Total-Count, when the server sent it. */
  total: number | null;
}

export interface CsvFile {
  blob: Blob;
  rows: number;
  filename: string;
}

/**
 * Reads a successful export response to its end, telling `onProgress` after each chunk. The signal
 * cancels the read (the fetch's own signal stops the request; this stops the reader too).
 */
export async function readCsv(res: Response, onProgress: (progress: CsvProgress) => void, signal?: AbortSignal, fallbackName = "contacts.csv"): Promise<CsvFile> {
  const header = res.headers.get("X-Total-Count");
  const total = header !== null && /^\d+$/.test(header.trim()) ? Number(header) : null;
  const filename = filenameFrom(res.headers.get("Content-Disposition"), fallbackName);
  const type = res.headers.get("Content-Type") ?? "text/csv;charset=utf-8";
  const counter = new CsvRowCounter();
  const parts: Uint8Array<ArrayBuffer>[] = [];
  onProgress({ rows: 0, total });
  if (!res.body) return { blob: new Blob([], { type }), rows: 0, filename };
  const reader = res.body.getReader();
  const stop = () => void reader.cancel().catch(() => {});
  signal?.addEventListener("abort", stop, { once: true });
  try {
    for (;;) {
      if (signal?.aborted) throw signal.reason ?? new DOMException("Aborted", "AbortError");
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value as Uint8Array<ArrayBuffer>);
      counter.push(value);
      onProgress({ rows: counter.rows, total });
    }
    if (signal?.aborted) throw signal.reason ?? new DOMException("Aborted", "AbortError");
  } finally {
    signal?.removeEventListener("abort", stop);
  }
  onProgress({ rows: counter.finalRows, total });
  return { blob: new Blob(parts, { type }), rows: counter.finalRows, filename };
}

/** The progress bar's fraction (0…1), or null while the total is unknown. */
export function progressFraction(progress: CsvProgress): number | null {
  if (progress.total === null) return null;
  if (progress.total === 0) return 1;
  return Math.min(1, progress.rows / progress.total);
}

/**
 * The file name a Content-Disposition gives (`filename*=UTF-8''…` preferred over `filename="…"`),
 * stripped of any path; `fallback` when it gives none.
 */
export function filenameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  let name: string | null = null;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(disposition);
  if (extended) {
    try {
      name = decodeURIComponent(extended[2]!.trim().replace(/^"|"$/g, ""));
    } catch {
      name = null;
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*(?:"((?:\\.|[^"\\])*)"|([^;]+))/i.exec(disposition);
    name = plain ? (plain[1] !== undefined ? plain[1].replace(/\\(.)/g, "$1") : plain[2]!.trim()) : null;
  }
  const base = name?.split(/[\\/]/).pop()?.trim();
  return base || fallback;
}

/** Hands the file to the browser as a download, then lets the memory go. */
export function saveFile(file: CsvFile): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = file.filename;
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  // The click starts the download; revoking at once can cut it short in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
