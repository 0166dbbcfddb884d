package dev.detour.bench.router;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Properties;
import javax.net.SocketFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * libpq's strategy as a pgjdbc socket factory, for side-by-side comparison: resolve every address
 * (through the lab DNS server named by the {@code bench.dns} property), then try them one after
 * another in DNS order, each with its own {@code bench.perAddressTimeoutMs} (libpq's {@code
 * connect_timeout}), and return the first that connects. {@code bench.startAt} skips the first
 * addresses: {@link LearningScenarios} moves on to the next address after a stalled startup, as
 * libpq does, by connecting again with it.
 */
public final class SequentialSocketFactory extends SocketFactory {

  private final String host;
  private final int port;
  private final String dns;
  private final int perAddressTimeoutMs;
  private final int startAt;

  /** pgjdbc's constructor: reads PGHOST, PGPORT, bench.dns and bench.perAddressTimeoutMs. */
  public SequentialSocketFactory(Properties props) {
    this.host = props.getProperty("PGHOST");
    this.port = Integer.parseInt(props.getProperty("PGPORT"));
    this.dns = props.getProperty("bench.dns");
    this.perAddressTimeoutMs =
        Integer.parseInt(props.getProperty("bench.perAddressTimeoutMs", "2000"));
    this.startAt = Integer.parseInt(props.getProperty("bench.startAt", "0"));
  }

  @Override
  public Socket createSocket() throws IOException {
    String[] hostPort = dns.split(":");
    SimpleResolver resolver = new SimpleResolver(hostPort[0]);
    resolver.setPort(Integer.parseInt(hostPort[1]));
    Lookup lookup = new Lookup(host, Type.A);
    lookup.setResolver(resolver);
    lookup.setCache(null);
    Record[] records = lookup.run();
    if (records == null) {
      throw new UnknownHostException(host + ": " + lookup.getErrorString());
    }
    IOException last = null;
    for (int i = startAt; i < records.length; i++) {
      InetAddress a = ((ARecord) records[i]).getAddress();
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(a, port), perAddressTimeoutMs);
        return s;
      } catch (IOException e) {
        s.close();
        last = e;
      }
    }
    throw last != null ? last : new SocketTimeoutException("no address");
  }

  @Override
  public Socket createSocket(String h, int p) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Socket createSocket(String h, int p, InetAddress l, int lp) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Socket createSocket(InetAddress a, int p) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Socket createSocket(InetAddress a, int p, InetAddress l, int lp) {
    throw new UnsupportedOperationException();
  }
}
