package org.hrnetbeam.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.schedule.ParameterGroups.Group;
import org.junit.jupiter.api.Test;

class ParameterGroupsTest {
  @Test
  void namesContainingAKeywordGoToTheNonBackboneGroupAtTheMultipliedRate() {
    ParameterGroups g = ParameterGroups.from(ExperimentConfig.defaults()
        .withOverrides(List.of("TRAIN.NONBACKBONE_KEYWORDS", "['last_layer', 'ocr']", "TRAIN.NONBACKBONE_MULT", "5")));
    assertTrue(g.split());
    assertEquals(Group.NON_BACKBONE, g.groupOf("last_layer.0.weight"));
    assertEquals(Group.NON_BACKBONE, g.groupOf("model.ocr_distri_head.conv.weight"));
    assertEquals(Group.BACKBONE, g.groupOf("stage2.0.branches.0.0.conv1.weight"));
    assertEquals(Group.BACKBONE, g.groupOf("conv1.weight"));
    assertEquals(5.0, g.multiplier("last_layer.3.bias"), 0);
    assertEquals(1.0, g.multiplier("bn1.weight"), 0);
    assertEquals(List.of(0.01, 0.05), g.groupRates(0.01));
  }

  @Test
  void withoutKeywordsEverythingIsBackboneInOneGroup() {
    ParameterGroups g = ParameterGroups.from(ExperimentConfig.defaults());
    assertFalse(g.split());
    assertEquals(Group.BACKBONE, g.groupOf("last_layer.0.weight"));
    assertEquals(List.of(0.01), g.groupRates(0.01));
  }

  @Test
  void anEmptyKeywordWouldCaptureEveryParameterAndIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ParameterGroups(List.of("head", ""), 10));
    assertTrue(e.getMessage().contains("NONBACKBONE_KEYWORDS"), e.getMessage());
  }
}
