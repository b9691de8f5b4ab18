import { FINERY_PRODUCTION_URL, FINERY_TEST_URL } from '@org/finery';
import { HERCLE_PRODUCTION_URL, HERCLE_SANDBOX_URL } from '@org/hercle';
import { LiveConfigError, liveClients, missingLiveEnv } from './env';

test('names every missing required variable, in order', () => {
  expect(missingLiveEnv(['finery', 'hercle'], { FINERY_KEY: 'k', FINERY_SECRET: '' })).toEqual([
    'FINERY_SECRET',
    'HERCLE_API_KEY',
  ]);
});

test('optional variables may be absent', () => {
  expect(
    missingLiveEnv(['etorox'], { ETOROX_HOST: 'h', ETOROX_API_KEY: 'a', ETOROX_PRIVATE_KEY_FILE: 'f' }),
  ).toEqual([]);
});

test('live clients use production URLs, or the test environments with sandbox', () => {
  const env = { FINERY_KEY: 'k', FINERY_SECRET: 's', HERCLE_API_KEY: 'h', MARKETPROPHIT_SECRET_KEY: 'm' };
  expect(liveClients(['finery', 'hercle', 'marketprophit'], env, false)).toEqual({
    finery: { url: FINERY_PRODUCTION_URL, key: 'k', secret: 's' },
    hercle: { url: HERCLE_PRODUCTION_URL, apiKey: 'h' },
    marketprophit: { secretKey: 'm' },
  });
  const sandbox = liveClients(['finery', 'hercle'], env, true);
  expect([sandbox.finery?.url, sandbox.hercle?.url]).toEqual([FINERY_TEST_URL, HERCLE_SANDBOX_URL]);
});

test('the eToroX private key is read from its file; an unreadable file names the variable only', () => {
  const env = { ETOROX_HOST: 'app.example', ETOROX_API_KEY: 'a', ETOROX_PRIVATE_KEY_FILE: '/secret/path/key.pem' };
  expect(liveClients(['etorox'], env, false, () => 'PEM')).toEqual({ etorox: { host: 'app.example', apiKey: 'a', privateKey: 'PEM', passphrase: '' } });
  const missing = () => liveClients(['etorox'], env, false, () => {
    throw Object.assign(new Error('ENOENT /secret/path/key.pem'), { code: 'ENOENT' });
  });
  expect(missing).toThrow(LiveConfigError);
  expect(missing).toThrow('cannot read ETOROX_PRIVATE_KEY_FILE: ENOENT');
  expect(missing).not.toThrow('/secret/path');
});
