import { maskDatabaseUrl } from './database-url';

describe('maskDatabaseUrl', () => {
  test.each([
    ['postgres://arbridge:s3cr%40t@db.example.com:5432/ar', 'postgres://arbridge:***@db.example.com:5432/ar'],
    ['postgresql://db.example.com/ar?user=arbridge&password=s3cret&sslmode=require', 'postgresql://db.example.com/ar?user=arbridge&password=***&sslmode=require'],
    ['postgres://arbridge@127.0.0.1/ar', 'postgres://arbridge@127.0.0.1/ar'],
    ['not a url with password=s3cret in it', 'not a url with password=*** in it'],
  ])('%s', (input, masked) => {
    expect(maskDatabaseUrl(input)).toBe(masked);
  });
});
