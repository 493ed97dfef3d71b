/**
 * The texts a PDF reader extracts, page by page in drawing order, through Mozilla's pdf.js (the
 * reader in Firefox and Chromium's viewer): a test that finds a string here knows the embedded
 * font maps it back to Unicode, i.e. the text shows, searches and copies.
 */
export async function pdfTexts(pdf: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false, verbosity: 0 });
  const doc = await task.promise;
  const out: string[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const content = await (await doc.getPage(p)).getTextContent();
      for (const item of content.items) {
        // pdf.js puts a blank item between two texts drawn apart on one line.
        if ('str' in item && item.str.trim()) out.push(item.str);
      }
    }
  } finally {
    await task.destroy();
  }
  return out;
}

/** How many pages the file has, by pdf.js. */
export async function pdfPageCount(pdf: Buffer): Promise<number> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false, verbosity: 0 });
  const doc = await task.promise;
  try {
    return doc.numPages;
  } finally {
    await task.destroy();
  }
}
