/** Opens the file with Mozilla's pdf.js (the reader in Firefox and Chromium's viewer) for `use`, then closes it. */
async function withPdf<T>(pdf: Buffer, use: (doc: import('pdfjs-dist/types/src/display/api').PDFDocumentProxy) => Promise<T>): Promise<T> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false, verbosity: 0 });
  try {
    return await use(await task.promise);
  } finally {
    await task.destroy();
  }
}

/**
 * The texts a PDF reader extracts, page by page in drawing order: a test that finds a string here
 * knows the embedded font maps it back to Unicode, i.e. the text shows, searches and copies.
 */
export function pdfTexts(pdf: Buffer): Promise<string[]> {
  return withPdf(pdf, async (doc) => {
    const out: string[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const content = await (await doc.getPage(p)).getTextContent();
      for (const item of content.items) {
        // pdf.js puts a blank item between two texts drawn apart on one line.
        if ('str' in item && item.str.trim()) out.push(item.str);
      }
    }
    return out;
  });
}

/** How many pages the file has, by pdf.js. */
export function pdfPageCount(pdf: Buffer): Promise<number> {
  return withPdf(pdf, async (doc) => doc.numPages);
}
