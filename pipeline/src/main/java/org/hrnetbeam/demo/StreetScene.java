package org.hrnetbeam.demo;

import static org.hrnetbeam.demo.CityscapesIds.BUILDING;
import static org.hrnetbeam.demo.CityscapesIds.EGO_VEHICLE;
import static org.hrnetbeam.demo.CityscapesIds.FENCE;
import static org.hrnetbeam.demo.CityscapesIds.ROAD;
import static org.hrnetbeam.demo.CityscapesIds.SIDEWALK;
import static org.hrnetbeam.demo.CityscapesIds.SKY;
import static org.hrnetbeam.demo.CityscapesIds.TERRAIN;
import static org.hrnetbeam.demo.CityscapesIds.VEGETATION;
import static org.hrnetbeam.demo.CityscapesIds.WALL;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.hrnetbeam.imageio.LabelImage;
import org.hrnetbeam.imageio.RgbImage;

/**
 * One synthetic street scene, a pure function of its seed: sky, a row of buildings with window
 * grids, walls and fences, a road with lane marks between sidewalks, grass verges, then trees,
 * poles with signs and lights, people and vehicles from far to near, then lighting (a brightness
 * gradient, a colour cast, shadows) and sensor noise over the whole picture. The label image
 * holds the Cityscapes label id of whatever was painted last at each pixel.
 */
final class StreetScene {
  /** A rendered scene: the photograph and its {@code labelIds} image. */
  record Rendered(RgbImage image, LabelImage labels) {}

  private final SplittableRandom random;
  private final Materials materials;
  private final ValueNoise noise;
  private final Canvas canvas;
  private final StreetGeometry street;

  private StreetScene(long seed, int width, int height) {
    this.random = new SplittableRandom(seed);
    this.noise = new ValueNoise(random.nextLong());
    this.materials = new Materials(random, noise);
    this.canvas = new Canvas(width, height);
    this.street = new StreetGeometry(width, height, height * (0.36 + 0.16 * random.nextDouble()),
        width * (0.3 + 0.4 * random.nextDouble()), -0.25 + 0.5 * random.nextDouble(),
        0.35 + 0.35 * random.nextDouble(), 0.12 + 0.25 * random.nextDouble());
  }

  static Rendered render(long seed, int width, int height) {
    StreetScene scene = new StreetScene(seed, width, height);
    scene.paint();
    return new Rendered(scene.canvas.image(), scene.canvas.labelImage());
  }

  private void paint() {
    double horizon = street.horizon();
    canvas.rect(0, 0, canvas.width(), horizon + 1, SKY, materials.sky(horizon));
    buildings();
    boundaries();
    ground();
    props();
    egoVehicle();
    light();
  }

  /** Facades side by side along the horizon, with gaps that show the sky. */
  private void buildings() {
    double horizon = street.horizon();
    double x = -random.nextDouble() * 20;
    while (x < canvas.width()) {
      double w = canvas.width() * (0.08 + 0.22 * random.nextDouble());
      if (random.nextDouble() < 0.15) {
        x += w * 0.5;
        continue;
      }
      double top = horizon - canvas.height() * (0.08 + 0.4 * random.nextDouble());
      facade(x, top, x + w, horizon + 1);
      x += w;
    }
  }

  private void facade(double x0, double top, double x1, double bottom) {
    double pick = random.nextDouble();
    double[] wallColour = pick < 0.45 ? materials.grey(90, 210)
        : pick < 0.7 ? materials.near(150, 78, 58, 30)
        : pick < 0.9 ? materials.near(200, 180, 140, 25)
        : materials.near(120, 150, 175, 25);
    canvas.rect(x0, top, x1, bottom, BUILDING, materials.plain(wallColour, 10));
    if (random.nextDouble() < 0.3) {
      canvas.triangle(x0, top + 0.5, x1, top + 0.5, (x0 + x1) / 2, top - (x1 - x0) * 0.25, BUILDING,
          materials.plain(materials.near(110, 60, 50, 25), 6));
    }
    double[] glass = random.nextBoolean() ? materials.grey(25, 75) : materials.near(130, 160, 190, 30);
    Canvas.Shader windowShader = materials.plain(glass, 14);
    double dx = 5 + random.nextDouble() * 7;
    double dy = 6 + random.nextDouble() * 7;
    double fillX = 0.35 + 0.35 * random.nextDouble();
    double fillY = 0.35 + 0.35 * random.nextDouble();
    for (double wy = top + dy * 0.5; wy + dy * fillY < bottom - 3; wy += dy) {
      for (double wx = x0 + dx * 0.4; wx + dx * fillX < x1 - 1; wx += dx) {
        canvas.rect(wx, wy, wx + dx * fillX, wy + dy * fillY, BUILDING, windowShader);
      }
    }
  }

  /** Sometimes a low wall or a fence in front of the buildings. */
  private void boundaries() {
    double horizon = street.horizon();
    double choice = random.nextDouble();
    double x0 = random.nextDouble() * canvas.width() * 0.6;
    double x1 = x0 + canvas.width() * (0.2 + 0.3 * random.nextDouble());
    double h = canvas.height() * (0.04 + 0.06 * random.nextDouble());
    if (choice < 0.35) {
      canvas.rect(x0, horizon - h, x1, horizon + 1, WALL, materials.plain(materials.grey(110, 190), 8));
    } else if (choice < 0.7) {
      Canvas.Shader wood = materials.plain(random.nextBoolean() ? materials.near(120, 90, 60, 25)
          : materials.grey(70, 160), 6);
      double gap = 2.5 + random.nextDouble() * 2;
      canvas.fill(x0, horizon - h, x1, horizon + 1, (x, y) -> {
        double u = (x - x0) / gap;
        boolean post = u - Math.floor(u) < 0.4;
        boolean rail = Math.abs(y + 0.5 - (horizon - h * 0.75)) < 0.8 || Math.abs(y + 0.5 - (horizon - h * 0.25)) < 0.8;
        return post || rail;
      }, FENCE, wood);
    }
  }

  /** Road with lane marks, sidewalks, and beyond them grass or more facade. */
  private void ground() {
    int width = canvas.width();
    int height = canvas.height();
    double horizon = street.horizon();
    int first = (int) Math.floor(horizon);
    int leftBeyond = random.nextDouble() < 0.55 ? TERRAIN : BUILDING;
    int rightBeyond = random.nextDouble() < 0.55 ? TERRAIN : BUILDING;
    Canvas.Shader grass = materials.turf(random.nextDouble() < 0.7
        ? materials.hsv(0.17 + 0.12 * random.nextDouble(), 0.3 + 0.4 * random.nextDouble(), 80 + 90 * random.nextDouble())
        : materials.near(140, 115, 80, 25));
    Canvas.Shader baseFacade = materials.plain(materials.grey(90, 200), 10);
    canvas.fill(0, first, width, height, (x, y) -> street.depth(y) > 0 && x + 0.5 < street.centre(y), leftBeyond,
        leftBeyond == TERRAIN ? grass : baseFacade);
    canvas.fill(0, first, width, height, (x, y) -> street.depth(y) > 0 && x + 0.5 >= street.centre(y), rightBeyond,
        rightBeyond == TERRAIN ? grass : baseFacade);
    boolean redPavers = random.nextDouble() < 0.3;
    Canvas.Shader pavement = materials.pavers(redPavers ? materials.near(160, 100, 90, 20) : materials.grey(105, 175),
        horizon);
    canvas.fill(0, first, width, height, (x, y) -> street.sidewalkSide(x, y) != 0, SIDEWALK, pavement);
    canvas.fill(0, first, width, height, street::onRoad, ROAD, materials.asphalt(materials.grey(50, 125)));
    laneMarks(first);
  }

  private void laneMarks(int first) {
    Canvas.Shader marking = materials.plain(materials.near(225, 225, 215, 15), 8);
    double dashes = 2 + random.nextDouble() * 3;
    boolean edges = random.nextBoolean();
    double crossing = random.nextDouble() < 0.3 ? 0.35 + 0.4 * random.nextDouble() : -1;
    canvas.fill(0, first, canvas.width(), canvas.height(), (x, y) -> {
      double t = street.depth(y);
      if (t <= 0.02) {
        return false;
      }
      double u = street.across(x, y);
      double line = 0.025 + 0.6 / Math.max(1, street.halfRoad(y));
      boolean dash = (1 / t) * dashes % 1.0 < 0.5;
      boolean centre = Math.abs(u) < line && dash;
      boolean edge = edges && Math.abs(Math.abs(u) - 0.92) < line;
      boolean zebra = crossing > 0 && Math.abs(t - crossing) < 0.06 && Math.abs(u) < 0.9 && (u * 6 + 6) % 1.0 < 0.5;
      return centre || edge || zebra;
    }, ROAD, marking);
  }

  /** Trees, poles and people on the sidewalks, vehicles on the road, painted from far to near. */
  private void props() {
    record Placed(double y, Runnable draw) {}
    List<Placed> placed = new ArrayList<>();
    Props props = new Props(canvas, materials, random);
    int trees = random.nextInt(5);
    int poles = 2 + random.nextInt(4);
    int people = 1 + random.nextInt(6);
    int cars = random.nextInt(5);
    for (int i = 0; i < trees; i++) {
      double t = 0.15 + 0.8 * random.nextDouble();
      double y = street.rowAt(t);
      double x = street.sidewalkX(random.nextBoolean() ? -1 : 1, 0.75 + 0.35 * random.nextDouble(), y);
      placed.add(new Placed(y, () -> props.tree(x, y, t)));
    }
    for (int i = 0; i < poles; i++) {
      double t = 0.15 + 0.8 * random.nextDouble();
      double y = street.rowAt(t);
      double x = street.sidewalkX(random.nextBoolean() ? -1 : 1, 0.1 + 0.15 * random.nextDouble(), y);
      placed.add(new Placed(y, () -> props.pole(x, y, t)));
    }
    for (int i = 0; i < people; i++) {
      double t = 0.15 + 0.85 * random.nextDouble();
      double y = street.rowAt(t);
      double x = street.sidewalkX(random.nextBoolean() ? -1 : 1, 0.3 + 0.5 * random.nextDouble(), y);
      placed.add(new Placed(y, () -> props.person(x, y, t)));
    }
    for (int i = 0; i < cars; i++) {
      double t = 0.1 + 0.7 * random.nextDouble();
      double y = street.rowAt(t);
      double x = street.roadX(-0.6 + 1.2 * random.nextDouble(), y);
      double road = 2 * street.halfRoad(y);
      placed.add(new Placed(y, () -> props.car(x, y, road)));
    }
    if (random.nextDouble() < 0.3) {
      double t = 0.2 + 0.5 * random.nextDouble();
      double y = street.rowAt(t);
      double x = street.roadX(-0.4 + 0.8 * random.nextDouble(), y);
      double road = 2 * street.halfRoad(y);
      placed.add(new Placed(y, () -> props.bus(x, y, road)));
    }
    // Hedges along the horizon, drawn first: they are the farthest things.
    if (random.nextDouble() < 0.5) {
      double x0 = random.nextDouble() * canvas.width();
      double y = street.horizon();
      Canvas.Shader leaves = materials.leaves(materials.hsv(0.25, 0.5, 90 + 50 * random.nextDouble()));
      placed.add(new Placed(y - 1, () -> canvas.ellipse(x0, y, canvas.width() * 0.15, canvas.height() * 0.06,
          VEGETATION, leaves)));
    }
    placed.sort(Comparator.comparingDouble(Placed::y));
    placed.forEach(p -> p.draw().run());
  }

  /** In half the frames the camera car's bonnet shows at the bottom, labelled as ignored, as in Cityscapes. */
  private void egoVehicle() {
    if (random.nextBoolean()) {
      return;
    }
    int width = canvas.width();
    int height = canvas.height();
    double rise = height * (0.04 + 0.05 * random.nextDouble());
    canvas.fill(0, height - rise - 1, width, height, (x, y) -> {
      double u = (x + 0.5 - width / 2.0) / (width * 0.75);
      return y + 0.5 > height - rise * (1 - u * u);
    }, EGO_VEHICLE, materials.paint(materials.grey(20, 80), height - rise, height));
  }

  /** Overall brightness, a lighting gradient, a colour cast, a cast shadow and sensor noise. */
  private void light() {
    int width = canvas.width();
    int height = canvas.height();
    if (random.nextDouble() < 0.5) {
      double slope = -1.5 + 3 * random.nextDouble();
      double offset = width * random.nextDouble();
      double factor = 0.55 + 0.25 * random.nextDouble();
      canvas.shade((x, y) -> y > street.horizon() && x - offset < slope * (y - street.horizon()), factor);
    }
    double brightness = 0.7 + 0.55 * random.nextDouble();
    double gradientX = -0.35 + 0.7 * random.nextDouble();
    double gradientY = -0.25 + 0.5 * random.nextDouble();
    double[] cast = {0.9 + 0.2 * random.nextDouble(), 0.9 + 0.2 * random.nextDouble(), 0.9 + 0.2 * random.nextDouble()};
    double grain = 3 + 7 * random.nextDouble();
    canvas.relight((x, y, rgb) -> {
      double k = brightness * (1 + gradientX * (x / (double) width - 0.5) + gradientY * (y / (double) height - 0.5));
      double n = noise.pixel(x, y) * grain;
      for (int c = 0; c < 3; c++) {
        rgb[c] = rgb[c] * k * cast[c] + n;
      }
    });
  }
}
