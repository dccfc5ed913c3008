/**
 * The exhibit printer's request filter (electron/security.ts): its hidden window may reach the
 * render's own 127.0.0.1 server, on exactly that port, and nothing else; the app's main session
 * keeps refusing localhost.
 */
import { describe, expect, it } from 'vitest';
import {
  exhibitPrintOrigin,
  isAllowedExhibitPrintRequest,
  isAllowedPrintNavigation,
  isAllowedRequestUrl,
} from '../../electron/security';
import { startExhibitServer } from '../../electron/services/exhibit-render-server';

const PAGE = 'http://127.0.0.1:41234/0123abcd/exhibit/exhibit.html?maxTile=512';
const ORIGIN = 'http://127.0.0.1:41234';

describe('exhibitPrintOrigin', () => {
  it('accepts only plain http on 127.0.0.1 with a port', () => {
    expect(exhibitPrintOrigin(PAGE)).toBe(ORIGIN);
    for (const bad of [
      'http://localhost:41234/x',
      'https://127.0.0.1:41234/x',
      'http://127.0.0.1/x',
      'http://127.0.0.2:41234/x',
      'http://user:pw@127.0.0.1:41234/x',
      'http://[::1]:41234/x',
      'http://example.org:41234/x',
      'app://itinera/exhibit/exhibit.html',
      'file:///tmp/exhibit.html',
      'not a url',
    ]) {
      expect(exhibitPrintOrigin(bad), bad).toBeNull();
    }
  });
});

describe('isAllowedExhibitPrintRequest', () => {
  it("passes the page's own origin, its blobs and data URLs", () => {
    for (const ok of [
      PAGE,
      `${ORIGIN}/0123abcd/__exhibit/document`,
      `${ORIGIN}/0123abcd/__exhibit/basemap/range?id=world&offset=0&length=16384`,
      `blob:${ORIGIN}/6f1c-4e2a`,
      'data:image/png;base64,iVBORw0KGgo=',
    ]) {
      expect(isAllowedExhibitPrintRequest(ok, ORIGIN), ok).toBe(true);
    }
  });

  it('refuses other ports, hosts, schemes and credentials', () => {
    for (const bad of [
      'http://127.0.0.1:41235/0123abcd/__exhibit/document',
      'http://127.0.0.1:4123/x',
      'http://127.0.0.1:412345/x',
      'http://localhost:41234/x',
      'https://127.0.0.1:41234/x',
      'ws://127.0.0.1:41234/x',
      'http://127.0.0.1:41234@example.org/x',
      'http://user@127.0.0.1:41234/x',
      'https://tiles.example.org/0/0/0.pbf',
      'blob:https://example.org/1',
      'blob:http://127.0.0.1:41235/1',
      'file:///etc/passwd',
      'app://itinera/index.html',
    ]) {
      expect(isAllowedExhibitPrintRequest(bad, ORIGIN), bad).toBe(false);
    }
  });

  it('refuses everything without a valid loopback page origin', () => {
    expect(isAllowedExhibitPrintRequest(PAGE, null)).toBe(false);
    expect(isAllowedExhibitPrintRequest('http://example.org/x', 'http://example.org')).toBe(false);
  });

  it("the app's own session still refuses the exhibit server", () => {
    expect(isAllowedRequestUrl(PAGE)).toBe(false);
  });
});

describe('isAllowedPrintNavigation', () => {
  it('lets the printer window show its page, and no other window or page', () => {
    expect(isAllowedPrintNavigation(PAGE, ORIGIN)).toBe(true);
    expect(isAllowedPrintNavigation(PAGE, null)).toBe(false);
    expect(isAllowedPrintNavigation('http://127.0.0.1:9/x', ORIGIN)).toBe(false);
    expect(isAllowedPrintNavigation(`blob:${ORIGIN}/1`, ORIGIN)).toBe(false);
    expect(isAllowedPrintNavigation('app://itinera/index.html', ORIGIN)).toBe(false);
  });
});

describe('the exhibit server and the filter agree', () => {
  it("the server's page URL has an origin the printer accepts", async () => {
    const server = await startExhibitServer({
      rendererDir: '/nonexistent',
      document: '{}',
      basemaps: null,
    });
    try {
      const origin = exhibitPrintOrigin(server.pageUrl);
      expect(origin).not.toBeNull();
      expect(isAllowedExhibitPrintRequest(server.pageUrl, origin)).toBe(true);
      const doc = new URL('../__exhibit/document', server.pageUrl).href;
      expect(isAllowedExhibitPrintRequest(doc, origin)).toBe(true);
    } finally {
      await server.close();
    }
  });
});
