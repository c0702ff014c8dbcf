// Hand-written PDFs for the hostile-input tests: a page that is only a scanned image (no text
// layer), a file with hundreds of pages, an encrypted file whose open password nobody knows.
// Built object by object with a correct cross-reference table, so pdf.js reads them as real PDFs
// and what is tested is the importer's reaction, not a parse error.

const enc = new TextEncoder();

function build(objects: (string | Uint8Array[])[], trailerExtra = ''): Uint8Array {
  const chunks: Uint8Array[] = [enc.encode('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')];
  let pos = chunks[0]!.length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(pos);
    const parts = typeof o === 'string' ? [enc.encode(`${i + 1} 0 obj\n${o}\nendobj\n`)] : [enc.encode(`${i + 1} 0 obj\n`), ...o, enc.encode('\nendobj\n')];
    for (const p of parts) {
      chunks.push(p);
      pos += p.length;
    }
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  chunks.push(enc.encode(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${pos}\n%%EOF\n`));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** One A4 page showing a JPEG over the whole page, nothing else: what a scanner makes. */
export function scannedPdf(jpeg: Uint8Array, width: number, height: number): Uint8Array {
  const content = `q 595 0 0 842 0 0 cm /Im0 Do Q`;
  return build([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>',
    [enc.encode(`<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`), jpeg, enc.encode('\nendstream')],
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ]);
}

/** `n` pages, each with one line of ASCII text. */
export function manyPagesPdf(n: number): Uint8Array {
  const kids = Array.from({ length: n }, (_, i) => `${4 + i * 2} 0 R`).join(' ');
  const objects: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${n} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  for (let i = 0; i < n; i++) {
    const content = `BT /F1 12 Tf 72 720 Td (Page ${i + 1} of a very long file) Tj ET`;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`);
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  }
  return build(objects);
}

/** Standard security handler (RC4, 40 bit) with an open password: pdf.js asks for it. */
export function encryptedPdf(): Uint8Array {
  const hex = (n: number) => '<' + Array.from({ length: 32 }, (_, i) => ((i * 37 + n) & 0xff).toString(16).padStart(2, '0')).join('') + '>';
  return build(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
      `<< /Filter /Standard /V 1 /R 2 /O ${hex(1)} /U ${hex(2)} /P -44 >>`,
    ],
    '/Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] ',
  );
}

/** Width and height from a JPEG's SOF marker. */
export function jpegSize(b: Uint8Array): [number, number] {
  for (let i = 2; i + 9 < b.length; ) {
    if (b[i] !== 0xff) throw new Error('not a JPEG');
    const marker = b[i + 1]!;
    const len = (b[i + 2]! << 8) | b[i + 3]!;
    if (marker >= 0xc0 && marker <= 0xc3) return [(b[i + 7]! << 8) | b[i + 8]!, (b[i + 5]! << 8) | b[i + 6]!];
    i += 2 + len;
  }
  throw new Error('no SOF marker');
}

/**
 * A PDF bomb: one page whose content stream is FlateDecode-compressed and inflates `megabytes`
 * MB of a text operator repeated (`BT (x) Tj ET`), so a reader that inflates and interprets the
 * whole stream builds millions of text items. ~1000-fold compression.
 */
export function flateBombPdf(megabytes: number, zlib: (data: Uint8Array) => Uint8Array): Uint8Array {
  const op = '0 0 Td (x) Tj ';
  const text = 'BT /F1 12 Tf ' + op.repeat(Math.ceil((megabytes * 2 ** 20) / op.length)) + 'ET';
  const stream = zlib(enc.encode(text));
  return build([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    [enc.encode(`<< /Filter /FlateDecode /Length ${stream.length} >>\nstream\n`), stream, enc.encode('\nendstream')],
  ]);
}
