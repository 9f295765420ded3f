/// Which transport carries a base URL's requests.
public enum TransportChoice: String, Sendable {
  /// `http://` on blocking keep-alive sockets, `https://` through AsyncHTTPClient (TLS).
  case automatic
  /// Everything through AsyncHTTPClient (`TSHELL_HTTP_CLIENT=async-http-client`).
  case asyncHTTPClient = "async-http-client"

  /// The transport for requests to `baseURL`.
  public func transport(for baseURL: String, connectTimeout: Double) -> any HTTPTransport {
    if self == .automatic, baseURL.hasPrefix("http://") {
      return SocketTransport(connectTimeout: connectTimeout)
    }
    return AsyncHTTPTransport(connectTimeout: connectTimeout)
  }
}
