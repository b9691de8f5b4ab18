module.exports = { displayName: 'venue-sim', preset: '../../jest.preset.js' };
