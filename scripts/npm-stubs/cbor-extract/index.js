// See package.json: cbor-x catches this and uses its pure-JavaScript CBOR decoder.
throw new Error('cbor-extract (native) is not installed in Loupe; cbor-x falls back to JavaScript.');
