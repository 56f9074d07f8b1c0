import '@testing-library/jest-dom';
import { clearImmediate, setImmediate } from 'node:timers';

// jsdom has no setImmediate, which msw's Node.js request interceptors use
// when they answer on a socket.
Object.assign(globalThis, { setImmediate, clearImmediate });
