module.exports = { displayName: 'venues', preset: '../../jest.preset.js' };
