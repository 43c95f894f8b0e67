"""Second-generation ID card reader: protocol codec, pyserial driver, pty simulator, photo decoders."""
