package org.hrnetbeam.prepare;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;

/**
 * A class loader that shows Java's service lookup only some of Beam's pipeline-options registrars
 * and is otherwise its parent.
 *
 * <p>Why: Beam builds its options registry from every {@link PipelineOptionsRegistrar} that the
 * thread's context class loader lists (Beam's {@code ReflectHelpers.findClassLoader}), and the
 * shaded jar lists eight of them (GCP, Flink, Docker, ...). Validating each options interface
 * against all those before it cost about 0.5 CPU-s on {@code hrnet prepare}'s critical path; with
 * the core and the chosen runner's registrar only, about 0.17 (docs/PERFORMANCE.md, "Prepare from
 * launch, fourth pass"). Classes still come from the parent, so nothing else changes.
 */
final class NarrowedRegistrars extends ClassLoader {
  static final String SERVICE_FILE = "META-INF/services/" + PipelineOptionsRegistrar.class.getName();

  private final URL narrowedList;

  /** {@code keep}: the registrar classes to list, by binary name; the others stay hidden. */
  NarrowedRegistrars(ClassLoader parent, Set<String> keep) {
    super(parent);
    this.narrowedList = listing(String.join("\n", keep) + "\n");
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    if (name.equals(SERVICE_FILE)) {
      return Collections.enumeration(List.of(narrowedList));
    }
    return super.getResources(name);
  }

  @Override
  public URL getResource(String name) {
    return name.equals(SERVICE_FILE) ? narrowedList : super.getResource(name);
  }

  /** A URL whose content is {@code text}, in memory: no temporary file to clean up. */
  private static URL listing(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    URLStreamHandler handler = new URLStreamHandler() {
      @Override
      protected URLConnection openConnection(URL u) {
        return new URLConnection(u) {
          @Override
          public void connect() {}

          @Override
          public InputStream getInputStream() {
            return new ByteArrayInputStream(bytes);
          }
        };
      }
    };
    try {
      return new URL(null, "hrnet-narrowed:" + SERVICE_FILE, handler);
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }
}
