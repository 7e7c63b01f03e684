package io.ap2p.cli.net;

import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.multiaddr.MultiaddrException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses a multiaddr argument, naming the part at fault when it is malformed. */
public final class MultiaddrConverter implements ITypeConverter<Multiaddr> {
  @Override
  public Multiaddr convert(String value) {
    try {
      return Multiaddr.parse(value);
    } catch (MultiaddrException e) {
      throw new TypeConversionException("'" + value + "' is not a multiaddr: " + e.getMessage());
    }
  }
}
