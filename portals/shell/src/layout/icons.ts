import type { Component } from 'vue';
import {
  Avatar,
  Calendar,
  Collection,
  DataAnalysis,
  Document,
  Files,
  Grid,
  House,
  Lock,
  Medal,
  Notebook,
  OfficeBuilding,
  Reading,
  School,
  Setting,
  Switch,
  Tickets,
  TrendCharts,
  Trophy,
  User,
  UserFilled,
} from '@element-plus/icons-vue';

// A curated set keeps the bundle small; manifest entries name one of these (else Grid).
const ICONS: Record<string, Component> = {
  Avatar,
  Calendar,
  Collection,
  DataAnalysis,
  Document,
  Files,
  Grid,
  House,
  Lock,
  Medal,
  Notebook,
  OfficeBuilding,
  Reading,
  School,
  Setting,
  Switch,
  Tickets,
  TrendCharts,
  Trophy,
  User,
  UserFilled,
};

export function menuIcon(name: string | null | undefined): Component {
  return (name && ICONS[name]) || Grid;
}
