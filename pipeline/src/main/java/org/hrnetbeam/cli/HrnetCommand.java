package org.hrnetbeam.cli;

public final class HrnetCommand {
  public static void main(String[] args) {
    System.out.println("hrnet");
  }
}
