package org.hrnetbeam.demo;

/**
 * The Cityscapes label ids ({@code *_gtFine_labelIds.png}, cityscapesScripts' labels.py) that the
 * synthetic scenes paint; {@code conf/labelmaps/cityscapes.yaml} turns them into the 19 train ids.
 */
final class CityscapesIds {
  /** The ego vehicle's bonnet: ignored by the benchmark, as in every real Cityscapes frame. */
  static final int EGO_VEHICLE = 1;
  static final int ROAD = 7;
  static final int SIDEWALK = 8;
  static final int BUILDING = 11;
  static final int WALL = 12;
  static final int FENCE = 13;
  static final int POLE = 17;
  static final int TRAFFIC_LIGHT = 19;
  static final int TRAFFIC_SIGN = 20;
  static final int VEGETATION = 21;
  static final int TERRAIN = 22;
  static final int SKY = 23;
  static final int PERSON = 24;
  static final int CAR = 26;
  static final int BUS = 28;

  /** Every id a scene may contain. */
  static final int[] ALL = {EGO_VEHICLE, ROAD, SIDEWALK, BUILDING, WALL, FENCE, POLE, TRAFFIC_LIGHT, TRAFFIC_SIGN,
      VEGETATION, TERRAIN, SKY, PERSON, CAR, BUS};

  private CityscapesIds() {}
}
