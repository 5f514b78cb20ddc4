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

	it('percent-encodes every segment so / .. ? # and spaces cannot change the route', () => {
		assert.equal(encodePath(['ABCD1234', 'alerts', 'a/b']), 'ABCD1234/alerts/a%2Fb');
		assert.equal(encodePath(['..']), '%2E%2E');
		assert.equal(encodePath(['x?y#z w']), 'x%3Fy%23z%20w');
		assert.equal(encodePath(['.']), '%2E');
	});
});
