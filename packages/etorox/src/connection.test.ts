import { etoroxDemoCredentials } from '@org/venue-sim';
import { etoroxHubUrl } from './connection';
import { EtoroxClient, EtoroxConfigError } from './index';

describe('hub URL and options', () => {
  it('builds the documented hub URL (etorox.md §1)', () => {
    expect(etoroxHubUrl({ host: 'sdf92342s.etorox.com', apiKey: '825805c3-45d6-4fab-9b05-0844395ff3ef' })).toBe(
      'https://sdf92342s.etorox.com/streams/v1/825805c3-45d6-4fab-9b05-0844395ff3ef/signalr',
    );
    expect(etoroxHubUrl({ url: 'http://127.0.0.1:5000', apiKey: 'k' })).toBe('http://127.0.0.1:5000/streams/v1/k/signalr');
    expect(etoroxHubUrl({ url: 'https://h/custom/hub', apiKey: 'k' })).toBe('https://h/custom/hub');
  });

  it.each([
    [{}, 'url or host is required'],
    [{ url: 'not a url' }, 'url is not a valid URL or host name'],
    [{ host: 'h', maxConnectionAgeMs: 0 }, 'maxConnectionAgeMs must be a positive number of milliseconds'],
    [{ host: 'h', serverTimeoutMs: Number.NaN }, 'serverTimeoutMs must be a positive number of milliseconds'],
  ])('rejects unusable options %j', (options, message) => {
    const create = () => new EtoroxClient({ ...etoroxDemoCredentials, ...options });
    expect(create).toThrow(EtoroxConfigError);
    expect(create).toThrow(message);
  });
});
