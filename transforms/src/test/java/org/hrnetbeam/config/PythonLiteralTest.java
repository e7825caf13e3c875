package org.hrnetbeam.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PythonLiteralTest {
  @Test
  void parsesTheLiteralsYacsEvaluates() {
    assertEquals(List.of(0L, 1L, 2L, 3L), PythonLiteral.parseOrKeep("(0,1,2,3)"));
    assertEquals(List.of(0L), PythonLiteral.parseOrKeep("(0,)"));
    assertEquals(5e-4, PythonLiteral.parseOrKeep("5e-4"));
    assertEquals(List.of("a", "b"), PythonLiteral.parseOrKeep("['a', \"b\"]"));
    assertEquals(Boolean.FALSE, PythonLiteral.parseOrKeep("False"));
    assertEquals(-3L, PythonLiteral.parseOrKeep("-3"));
  }

  @Test
  void keepsTextThatIsNotALiteral() {
    assertEquals("data/", PythonLiteral.parseOrKeep("data/"));
    assertEquals("(0,1", PythonLiteral.parseOrKeep("(0,1"));
    assertEquals("gs://bucket/x", PythonLiteral.parseOrKeep("gs://bucket/x"));
    assertEquals("1 2", PythonLiteral.parseOrKeep("1 2"));
  }
}
