// The main job. Until the umbrella package lands, say what it will run.
console.log('npm start will run `venues tail` against the local venue simulators (see README).');
console.log('The umbrella package @org/venues is not built yet; nothing to stream.');
