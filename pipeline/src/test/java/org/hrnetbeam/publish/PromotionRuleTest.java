package org.hrnetbeam.publish;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromotionRuleTest {
  private static final Optional<PublishedRelease> PUBLISHED =
      Optional.of(new PublishedRelease("r1", Path.of("r1"), 0.60, "aaaa"));

  @Test
  void theFirstModelIsAlwaysPublished() {
    assertTrue(PromotionRule.decide(true, Optional.empty(), 0.1, "aaaa").publish());
  }

  @Test
  void ifBetterPublishesOnlyAStrictlyHigherMiouOnTheSameValSet() {
    assertTrue(PromotionRule.decide(true, PUBLISHED, 0.61, "aaaa").publish());
    PromotionRule.Decision equal = PromotionRule.decide(true, PUBLISHED, 0.60, "aaaa");
    assertFalse(equal.publish());
    assertTrue(equal.reason().contains("60.00%") && equal.reason().contains("r1"), equal.reason());
    assertFalse(PromotionRule.decide(true, PUBLISHED, 0.59, "aaaa").publish());
  }

  @Test
  void ifBetterRefusesToCompareDifferentValSets() {
    PromotionRule.Decision d = PromotionRule.decide(true, PUBLISHED, 0.99, "bbbb");
    assertFalse(d.publish());
    assertTrue(d.reason().contains("different val set"), d.reason());
  }

  @Test
  void withoutIfBetterEveryModelReplacesThePublishedOne() {
    assertTrue(PromotionRule.decide(false, PUBLISHED, 0.10, "bbbb").publish());
  }
}
