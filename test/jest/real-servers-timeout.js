// Contract and integration tests start real servers and create embedded stores, which take seconds on
// a busy machine: Jest's 5 s default would fail them for being slow, not wrong. (Jest ignores
// `testTimeout` inside a project, hence this setup file.) A test may still set its own.
jest.setTimeout(30_000);
