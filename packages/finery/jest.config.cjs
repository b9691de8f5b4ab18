module.exports = { displayName: 'finery', preset: '../../jest.preset.js' };
