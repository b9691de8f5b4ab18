import { compileRoute } from './routes';

describe('compileRoute', () => {
  it('matches :name and {name} parameters, decoded', () => {
    expect(compileRoute('/streams/v1/:apiKey/signalr').match('/streams/v1/K%2FEY/signalr')).toEqual({ apiKey: 'K/EY' });
    expect(compileRoute('/streams/v1/{apiKey}/signalr').match('/streams/v1/KEY/signalr')).toEqual({ apiKey: 'KEY' });
  });

  it('matches literal segments case-insensitively, with an optional trailing slash', () => {
    const route = compileRoute('/ExecutionLiveServer/v1');
    expect(route.match('/executionliveserver/V1')).toEqual({});
    expect(route.match('/ExecutionLiveServer/v1/')).toEqual({});
    expect(route.match('/ExecutionLiveServer/v1/negotiate')).toBeUndefined();
    expect(route.match('/ExecutionLiveServer')).toBeUndefined();
  });

  it('treats regular-expression characters in literals literally', () => {
    expect(compileRoute('/a.b/hub').match('/aXb/hub')).toBeUndefined();
    expect(compileRoute('/a.b/hub').match('/a.b/hub')).toEqual({});
  });

  it('rejects malformed patterns', () => {
    expect(() => compileRoute('hub')).toThrow("Hub route must start with '/': hub");
    expect(() => compileRoute('/:id/x/:id')).toThrow("Hub route names parameter 'id' twice: /:id/x/:id");
  });
});
