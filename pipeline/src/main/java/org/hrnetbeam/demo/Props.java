package org.hrnetbeam.demo;

import static org.hrnetbeam.demo.CityscapesIds.BUS;
import static org.hrnetbeam.demo.CityscapesIds.CAR;
import static org.hrnetbeam.demo.CityscapesIds.PERSON;
import static org.hrnetbeam.demo.CityscapesIds.POLE;
import static org.hrnetbeam.demo.CityscapesIds.TRAFFIC_LIGHT;
import static org.hrnetbeam.demo.CityscapesIds.TRAFFIC_SIGN;
import static org.hrnetbeam.demo.CityscapesIds.VEGETATION;

import java.util.SplittableRandom;

/**
 * Things standing in the street, each drawn from its foot point (x, y) and the depth scale
 * {@code s} of that row (1 at the bottom of the picture), so far things are small; vehicles are
 * sized by the road's width at their row instead. Each draw takes
 * its sizes, colours and details from the scene's random source.
 */
final class Props {
  private final Canvas canvas;
  private final Materials materials;
  private final SplittableRandom random;
  private final int height;

  Props(Canvas canvas, Materials materials, SplittableRandom random) {
    this.canvas = canvas;
    this.materials = materials;
    this.random = random;
    this.height = canvas.height();
  }

  /** A tree: trunk and a crown of overlapping leafy blobs (Cityscapes counts trunks as vegetation). */
  void tree(double x, double y, double s) {
    double trunkHeight = height * (0.22 + 0.12 * random.nextDouble()) * s;
    double trunkWidth = Math.max(1.5, (2 + 2 * random.nextDouble()) * s * height / 64);
    canvas.rect(x - trunkWidth / 2, y - trunkHeight, x + trunkWidth / 2, y, VEGETATION,
        materials.plain(materials.near(85, 70, 55, 20), 10));
    boolean autumn = random.nextDouble() < 0.25;
    double[] green = materials.hsv(autumn ? 0.07 + 0.08 * random.nextDouble() : 0.2 + 0.17 * random.nextDouble(),
        0.35 + 0.5 * random.nextDouble(), 70 + 110 * random.nextDouble());
    Canvas.Shader leaves = materials.leaves(green);
    double radius = height * (0.1 + 0.08 * random.nextDouble()) * s;
    int blobs = 3 + random.nextInt(4);
    for (int i = 0; i < blobs; i++) {
      double bx = x + (random.nextDouble() * 2 - 1) * radius * 0.9;
      double by = y - trunkHeight - (random.nextDouble() * 0.8) * radius;
      double r = radius * (0.6 + 0.5 * random.nextDouble());
      canvas.ellipse(bx, by, r, r * (0.8 + 0.4 * random.nextDouble()), VEGETATION, leaves);
    }
  }

  /** A pole, perhaps carrying a traffic sign or a traffic light, or bent into a street lamp. */
  void pole(double x, double y, double s) {
    double tall = height * (0.45 + 0.25 * random.nextDouble()) * s;
    double w = Math.max(1.0, 1.6 * s * height / 64);
    double top = y - tall;
    Canvas.Shader metal = materials.plain(materials.grey(60, 170), 6);
    canvas.rect(x - w / 2, top, x + w / 2, y, POLE, metal);
    double kind = random.nextDouble();
    if (kind < 0.45) {
      sign(x, top + tall * 0.08, s);
    } else if (kind < 0.7) {
      trafficLight(x, top, s);
    } else if (kind < 0.85) {
      double arm = (random.nextBoolean() ? 1 : -1) * height * 0.12 * s;
      canvas.rect(Math.min(x, x + arm), top, Math.max(x, x + arm), top + w, POLE, metal);
    }
  }

  /** A round, triangular or square sign, its face in a sign colour with a rim. */
  private void sign(double x, double y, double s) {
    double r = Math.max(2, height * (0.05 + 0.03 * random.nextDouble()) * s);
    double[][] faces = {{200, 30, 30}, {30, 70, 180}, {235, 200, 40}, {235, 235, 235}};
    double[] face = faces[random.nextInt(faces.length)];
    Canvas.Shader rim = materials.plain(materials.near(face[0] * 0.6, face[1] * 0.6, face[2] * 0.6, 15), 4);
    Canvas.Shader inner = materials.plain(materials.near(face[0], face[1], face[2], 20), 4);
    int shape = random.nextInt(3);
    if (shape == 0) {
      canvas.ellipse(x, y, r, r, TRAFFIC_SIGN, rim);
      canvas.ellipse(x, y, r * 0.75, r * 0.75, TRAFFIC_SIGN, inner);
    } else if (shape == 1) {
      canvas.triangle(x - r, y + r * 0.8, x + r, y + r * 0.8, x, y - r, TRAFFIC_SIGN, rim);
      canvas.triangle(x - r * 0.6, y + r * 0.55, x + r * 0.6, y + r * 0.55, x, y - r * 0.5, TRAFFIC_SIGN, inner);
    } else {
      canvas.rect(x - r, y - r * 0.8, x + r, y + r * 0.8, TRAFFIC_SIGN, rim);
      canvas.rect(x - r * 0.8, y - r * 0.6, x + r * 0.8, y + r * 0.6, TRAFFIC_SIGN, inner);
    }
  }

  /** A dark housing with three lamps, one of them lit. */
  private void trafficLight(double x, double top, double s) {
    double w = Math.max(2, height * 0.035 * s);
    double h = w * 2.8;
    canvas.rect(x - w / 2, top, x + w / 2, top + h, TRAFFIC_LIGHT, materials.plain(materials.grey(20, 60), 4));
    int lit = random.nextInt(3);
    double[][] lamps = {{250, 40, 30}, {250, 190, 30}, {40, 230, 90}};
    for (int i = 0; i < 3; i++) {
      double[] c = i == lit ? lamps[i] : new double[] {lamps[i][0] * 0.25, lamps[i][1] * 0.25, lamps[i][2] * 0.25};
      canvas.ellipse(x, top + h * (i + 0.5) / 3, w * 0.32, w * 0.32, TRAFFIC_LIGHT, materials.plain(c, 3));
    }
  }

  /** A person: head, torso, arms and legs in clothing colours; some walk (legs apart). */
  void person(double x, double y, double s) {
    double tall = height * (0.45 + 0.12 * random.nextDouble()) * s;
    double head = tall * 0.075;
    double shoulders = tall * 0.13;
    Canvas.Shader skin = materials.plain(materials.hsv(0.05 + 0.04 * random.nextDouble(),
        0.3 + 0.35 * random.nextDouble(), 80 + 150 * random.nextDouble()), 5);
    Canvas.Shader top = materials.plain(materials.anyColour(), 8);
    Canvas.Shader trousers = materials.plain(random.nextBoolean() ? materials.anyColour() : materials.grey(20, 90), 6);
    double neck = y - tall + 2 * head;
    double hip = y - tall * 0.47;
    canvas.ellipse(x, y - tall + head, head, head * 1.15, PERSON, skin);
    canvas.rect(x - shoulders, neck, x + shoulders, hip, PERSON, top);
    double arm = shoulders * 0.35;
    canvas.rect(x - shoulders - arm, neck + head * 0.3, x - shoulders, hip + head, PERSON, top);
    canvas.rect(x + shoulders, neck + head * 0.3, x + shoulders + arm, hip + head, PERSON, top);
    double stride = random.nextBoolean() ? shoulders * 0.5 : 0;
    double leg = shoulders * 0.45;
    canvas.rect(x - shoulders * 0.9 - stride, hip, x - shoulders * 0.9 - stride + leg * 2, y, PERSON, trousers);
    canvas.rect(x + shoulders * 0.9 + stride - leg * 2, hip, x + shoulders * 0.9 + stride, y, PERSON, trousers);
  }

  /** A car seen from behind or ahead: body, cabin with dark windows, wheels, lamps, a shadow on the road. */
  void car(double x, double y, double roadWidthAtRow) {
    double w = roadWidthAtRow * (0.2 + 0.08 * random.nextDouble());
    double bodyHeight = w * (0.32 + 0.08 * random.nextDouble());
    double cabinHeight = w * (0.22 + 0.06 * random.nextDouble());
    double[] colour = random.nextDouble() < 0.4 ? materials.grey(30, 220) : materials.anyColour();
    double bodyTop = y - bodyHeight;
    double wheel = w * 0.11;
    canvas.ellipse(x - w * 0.34, y - wheel * 0.5, wheel, wheel, CAR, materials.plain(materials.grey(10, 35), 3));
    canvas.ellipse(x + w * 0.34, y - wheel * 0.5, wheel, wheel, CAR, materials.plain(materials.grey(10, 35), 3));
    canvas.rect(x - w / 2, bodyTop, x + w / 2, y - wheel * 0.6, CAR, materials.paint(colour, bodyTop, y));
    double cabinTop = bodyTop - cabinHeight;
    canvas.rect(x - w * 0.36, cabinTop, x + w * 0.36, bodyTop + 1, CAR, materials.paint(colour, cabinTop, y));
    canvas.rect(x - w * 0.31, cabinTop + cabinHeight * 0.18, x + w * 0.31, bodyTop, CAR,
        materials.plain(materials.near(45, 55, 70, 20), 12));
    double[] lamp = random.nextBoolean() ? materials.near(210, 30, 30, 25) : materials.near(235, 230, 200, 15);
    double lampW = w * 0.1;
    canvas.rect(x - w * 0.46, bodyTop + bodyHeight * 0.2, x - w * 0.46 + lampW, bodyTop + bodyHeight * 0.4, CAR,
        materials.plain(lamp, 4));
    canvas.rect(x + w * 0.46 - lampW, bodyTop + bodyHeight * 0.2, x + w * 0.46, bodyTop + bodyHeight * 0.4, CAR,
        materials.plain(lamp, 4));
    canvas.shade((px, py) -> py >= y - 1 && py < y + Math.max(1, wheel * 0.6) && Math.abs(px + 0.5 - x) < w * 0.55
        && canvas.label(px, py) == CityscapesIds.ROAD, 0.55);
  }

  /** A bus: a tall box with a band of windows and a destination display. */
  void bus(double x, double y, double roadWidthAtRow) {
    double w = roadWidthAtRow * (0.28 + 0.06 * random.nextDouble());
    double h = w * (0.75 + 0.15 * random.nextDouble());
    double[] colour = materials.anyColour();
    double top = y - h;
    double wheel = w * 0.08;
    canvas.ellipse(x - w * 0.36, y - wheel * 0.5, wheel, wheel, BUS, materials.plain(materials.grey(10, 35), 3));
    canvas.ellipse(x + w * 0.36, y - wheel * 0.5, wheel, wheel, BUS, materials.plain(materials.grey(10, 35), 3));
    canvas.rect(x - w / 2, top, x + w / 2, y - wheel * 0.5, BUS, materials.paint(colour, top, y));
    canvas.rect(x - w * 0.44, top + h * 0.15, x + w * 0.44, top + h * 0.5, BUS,
        materials.plain(materials.near(40, 50, 60, 15), 14));
    canvas.rect(x - w * 0.3, top + h * 0.04, x + w * 0.3, top + h * 0.11, BUS,
        materials.plain(materials.near(230, 160, 30, 20), 4));
  }
}
