// Every suite here starts a real scaffolder backend and the sandbox, and runs
// whole template tasks: on a loaded 2-core machine a start-up hook alone can
// outlast jest's 5 s default.
jest.setTimeout(60_000);
