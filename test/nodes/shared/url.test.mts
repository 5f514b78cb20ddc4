import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fromDist } from '../../harness/dist.mts';

const { encodePath, normaliseBaseUrl } = fromDist('nodes/shared/url.js');

describe('shared › url', () => {
	it('accepts https hosts and strips trailing slashes', () => {
		assert.equal(normaliseBaseUrl('https://defense.conferdeploy.net/'), 'https://defense.conferdeploy.net');
		assert.equal(normaliseBaseUrl(' https://api.cta.eu.amp.cisco.com '), 'https://api.cta.eu.amp.cisco.com');
	});

	it('accepts plain http only for loopback hosts', () => {
		assert.equal(normaliseBaseUrl('http://127.0.0.1:8787'), 'http://127.0.0.1:8787');
		assert.equal(normaliseBaseUrl('http://localhost:8787/'), 'http://localhost:8787');
		assert.equal(normaliseBaseUrl('http://[::1]:8787'), 'http://[::1]:8787');
		for (const bad of ['http://defense.conferdeploy.net', 'http://10.0.0.5', 'http://127.0.0.1.evil.com', 'ftp://x', 'not a url', '', undefined, 'https://user:pw@host', 'https://host/?a=1']) {
			assert.equal(normaliseBaseUrl(bad), undefined, String(bad));
		}
	});

	it('percent-encodes every segment so / ? # and spaces cannot change the route', () => {
		assert.equal(encodePath(['ABCD1234', 'alerts', 'a/b']), 'ABCD1234/alerts/a%2Fb');
		assert.equal(encodePath(['x?y#z w']), 'x%3Fy%23z%20w');
		assert.equal(encodePath(['...', '%2E%2E']), '.../%252E%252E');
	});

	it('refuses . and .. segments: URL parsing removes them even percent-encoded', () => {
		// new URL('http://h/a/%2E%2E/b').pathname is '/b': no encoding keeps them in place.
		assert.equal(new URL('http://h/a/%2E%2E/b').pathname, '/b');
		assert.throws(() => encodePath(['ABCD1234', '..']), /cannot be a path segment/);
		assert.throws(() => encodePath(['.']), /cannot be a path segment/);
	});

	it('refuses base URLs with a query or fragment marker, even an empty one', () => {
		for (const url of ['https://h.example.com/?', 'https://h.example.com?', 'https://h.example.com/#', 'https://h.example.com#x', 'https://h.example.com/?a=b', 'http://127.0.0.1:8787/?']) {
			assert.equal(normaliseBaseUrl(url), undefined, url);
		}
	});
});
