module.exports = { displayName: 'recorder', preset: '../../jest.preset.js' };
