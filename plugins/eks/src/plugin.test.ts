import { eksPlugin } from './plugin';

describe('eks', () => {
  it('should export plugin', () => {
    expect(eksPlugin).toBeDefined();
  });
});
