/** Finding the root element of an XML head, shared by format detection and the XML readers. */

export interface XmlRoot {
  /** Qualified name as written, e.g. `gpx` or `g:gpx`. */
  name: string;
  localName: string;
}

/**
 * The root element of an XML document head: skips the declaration, comments, processing
 * instructions and a DOCTYPE. Null when the head does not start like XML.
 */
export function xmlRootElement(text: string): XmlRoot | null {
  let i = 0;
  const n = text.length;
  for (;;) {
    while (i < n && /\s/.test(text[i]!)) i++;
    if (i >= n || text[i] !== '<') return null;
    if (text.startsWith('<?', i)) {
      const e = text.indexOf('?>', i + 2);
      if (e < 0) return null;
      i = e + 2;
    } else if (text.startsWith('<!--', i)) {
      const e = text.indexOf('-->', i + 4);
      if (e < 0) return null;
      i = e + 3;
    } else if (text.startsWith('<!DOCTYPE', i)) {
      const open = text.indexOf('[', i);
      const gt = text.indexOf('>', i);
      if (gt < 0) return null;
      if (open >= 0 && open < gt) {
        const close = text.indexOf(']', open);
        const gt2 = close < 0 ? -1 : text.indexOf('>', close);
        if (gt2 < 0) return null;
        i = gt2 + 1;
      } else {
        i = gt + 1;
      }
    } else {
      const m = /^<([A-Za-z_\u00C0-\uFFFF][\w.\-:\u00B7\u00C0-\uFFFF]*)[\s/>]/.exec(
        text.slice(i, i + 256),
      );
      if (!m) return null;
      const name = m[1]!;
      const colon = name.indexOf(':');
      return { name, localName: colon < 0 ? name : name.slice(colon + 1) };
    }
  }
}
