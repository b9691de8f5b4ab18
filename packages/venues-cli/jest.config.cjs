module.exports = { displayName: 'venues-cli', preset: '../../jest.preset.js' };
