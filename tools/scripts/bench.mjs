// Reserved for the benchmark harness (tools/bench).
console.log('The benchmark harness is not built yet.');
