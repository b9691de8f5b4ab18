module.exports = { displayName: 'reconnect', preset: '../../jest.preset.js' };
