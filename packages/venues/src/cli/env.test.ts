import { missingLiveEnv } from './env';

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
