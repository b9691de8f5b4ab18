module.exports = { displayName: 'auth-signing', preset: '../../jest.preset.js' };
