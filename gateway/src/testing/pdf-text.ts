/** The texts shown, in drawing order, decoded from the content streams (UCS-2 hex strings). */
export function pdfTexts(pdf: Buffer): string[] {
  const src = pdf.toString('latin1');
  return [...src.matchAll(/<([0-9a-f]+)> Tj/g)].map((m) => {
    const hex = m[1]!;
    let s = '';
    for (let i = 0; i < hex.length; i += 4) s += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
    return s;
  });
}

